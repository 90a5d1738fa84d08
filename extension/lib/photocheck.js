// "Check before you post": the photo with each face boxed and numbered as in its
// reasons, advice for its risk, and a safer copy made here (chosen faces blurred,
// no EXIF or GPS: only pixels are drawn). Nothing is sent or kept for the copy.
import { t } from "./ext.js";
import { el, gradeBadge } from "./ui.js";

const BLURRED = new Set(["high", "medium"]); // ticked for blurring at first

/** [top, right, bottom, left] in pixels → CSS percentages of a width × height photo, or null. */
export function boxPercent(box, width, height) {
  if (!Array.isArray(box) || box.length !== 4 || !width || !height) return null;
  const [top, right, bottom, left] = box.map(Number);
  if (!(right > left && bottom > top)) return null;
  const clamp = (v) => Math.max(0, Math.min(100, v));
  const x0 = clamp((left / width) * 100), y0 = clamp((top / height) * 100);
  return { left: x0, top: y0, width: clamp((right / width) * 100) - x0, height: clamp((bottom / height) * 100) - y0 };
}

/** The nodes showing one checked photo: `result` from /api/v1/analyze, `blob` the photo (or null). */
export function photoCheck(result, blob) {
  if (result.skipped) return [el("p", { class: "result-head" }, t("photoSkipped", [result.skipped]))];
  const faces = result.faces || [];
  const nodes = [el("p", { class: "result-head" }, t("photoGrade"), " ", gradeBadge(result.risk))];
  if (blob) nodes.push(boxedPhoto(result, blob));
  nodes.push(el("p", { class: `advice advice-${result.risk}`, id: "advice" }, t(`advice_${result.risk}`)));
  nodes.push(el("p", {}, faces.length ? t("photoFaces", [String(faces.length)]) : t("photoNoFaces")));
  faces.forEach((face, index) => {
    nodes.push(el("div", { class: "face", "data-face": String(index + 1) },
      el("p", {}, t("faceNumber", [String(index + 1)]), " ", gradeBadge(face.risk)),
      el("ul", {}, (face.reasons || []).map((reason) => el("li", {}, reason)))));
  });
  // What the file itself carries (an exact location, the time, a name) and how to remove
  // it: the backend sends the notes in the reader's language, never the values.
  const notes = (result.metadata && result.metadata.notes) || [];
  if (notes.length) {
    nodes.push(el("div", { class: "file-data", id: "file-data", role: "note" },
      el("ul", {}, notes.map((note) => el("li", {}, note)))));
  }
  if (blob) nodes.push(saferCopyForm(result, blob));
  nodes.push(el("p", { class: "muted" }, t("photoNotKept")));
  return nodes;
}

function boxedPhoto(result, blob) {
  const url = URL.createObjectURL(blob);
  const img = el("img", { src: url, alt: "", class: "checked-image" });
  img.addEventListener("load", () => URL.revokeObjectURL(url), { once: true });
  const boxes = (result.faces || []).map((face, index) => {
    const box = boxPercent(face.box, result.width, result.height);
    if (!box) return null;
    const span = el("span", { class: `box risk-${face.risk}`, "data-face": String(index + 1) }, String(index + 1));
    // Through the CSSOM: the pages' CSP (default-src 'self') refuses inline style attributes.
    for (const side of ["left", "top", "width", "height"]) span.style[side] = `${box[side]}%`;
    return span;
  });
  return el("div", { class: "checked-photo", id: "checked-photo" }, img, boxes);
}

function saferCopyForm(result, blob) {
  const faces = result.faces || [];
  const choices = faces.map((face, index) => el("label", { class: "blur-choice" },
    el("input", { type: "checkbox", name: "blur", value: String(index), checked: BLURRED.has(face.risk) }),
    " ", t("saferBlurFace", [String(index + 1)])));
  const button = el("button", {
    type: "button", class: "primary", id: "safer-copy",
    onclick: async () => {
      const chosen = [...form.querySelectorAll('input[name="blur"]:checked')].map((box) => faces[Number(box.value)]);
      const copy = await makeSaferCopy(blob, chosen);
      const url = URL.createObjectURL(copy);
      const link = el("a", { href: url, download: "safer-copy.jpg", hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
    },
  }, t("saferMake"));
  const form = el("section", { class: "safer", id: "safer" },
    el("h3", {}, t("saferTitle")), el("p", { class: "muted" }, t("saferHelp")), choices, el("p", {}, button));
  return form;
}

/** A JPEG of `blob` with each face of `faces` blurred beyond use. Only pixels are drawn onto
 *  a canvas, so no EXIF, GPS or other metadata reaches the copy; the image is upright
 *  (EXIF orientation applied), as the boxes are. */
export async function makeSaferCopy(blob, faces) {
  const bitmap = await createImageBitmap(blob, { imageOrientation: "from-image" });
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext("2d");
  ctx.drawImage(bitmap, 0, 0);
  for (const face of faces) {
    const [top, right, bottom, left] = face.box.map(Number);
    const pad = 0.25 * Math.max(right - left, bottom - top);
    const x = Math.max(0, left - pad), y = Math.max(0, top - pad);
    const w = Math.min(bitmap.width, right + pad) - x, h = Math.min(bitmap.height, bottom + pad) - y;
    // Shrink the face to a few pixels and back: no blur radius leaves more than that to learn from.
    const cells = 6;
    const tiny = new OffscreenCanvas(cells, Math.max(1, Math.round((cells * h) / w)));
    tiny.getContext("2d").drawImage(bitmap, x, y, w, h, 0, 0, tiny.width, tiny.height);
    ctx.save();
    ctx.filter = `blur(${Math.max(4, Math.round(w / 12))}px)`;
    ctx.imageSmoothingEnabled = true;
    ctx.beginPath();
    ctx.rect(x, y, w, h);
    ctx.clip();
    ctx.drawImage(tiny, x - w * 0.05, y - h * 0.05, w * 1.1, h * 1.1);
    ctx.restore();
  }
  bitmap.close();
  return canvas.convertToBlob({ type: "image/jpeg", quality: 0.9 });
}
