"""A record without the image: what a student hands to the Digital Sex Crime Victim Support Center
(02-735-8994), 117, 112 or 1377 when a photo of them was misused. It holds the photo's address, when it was seen (in the
local time zone), the platform and the SHA-256 of the image's bytes as they were downloaded;
never the image, nor anything drawn from it. A printable page and a text file.

    record(audit, photo_id, lang) -> dict or None
    render_record_html(data, lang) -> str
    render_record_text(data, lang) -> str
"""
from backend.report.language import Translator
from backend.tips import platform_name
from backend.tips.chooser import normalise_platform, platform_of
from backend.when import local_time

TAKE_IT_DOWN = "https://takeitdown.ncmec.org/"
STOPNCII = "https://stopncii.org/"
# Where to turn, in the order a student should try them (their names are in the catalogs).
HELP = (("02-735-8994", "https://d4u.stop.or.kr/"), ("117", None), ("112", "https://ecrm.police.go.kr/"),
        ("1377", None))


def record(audit, photo_id, lang):
    """The record of one photo of the reader found in an account around them, or None."""
    around = (audit.get("result") or {}).get("around") or {}
    photo = next((p for p in around.get("photos", []) if p["id"] == photo_id), None)
    if photo is None:
        return None
    t = Translator(lang)
    platforms = {p["url"]: p.get("platform") for p in audit.get("profiles", [])}
    platform = normalise_platform(platform_of(photo, platforms))
    return {
        "address": photo.get("page_url") or photo["profile_url"],
        "image_address": photo.get("image_url"),
        "profile": photo["profile_url"],
        "seen": local_time(photo.get("seen_at") or audit.get("finished_at"), lang),
        "platform": platform_name(platform, lang) if platform != "other" else t("another website"),
        "sha256": photo.get("sha256") or t("not known"),
        "help": [{"name": name_of(number, t), "number": number, "url": url} for number, url in HELP],
        "take_it_down": TAKE_IT_DOWN, "stopncii": STOPNCII,
    }


def name_of(number, t):
    return {"02-735-8994": t("Digital Sex Crime Victim Support Center: 02-735-8994"),
            "117": t("School violence report centre: 117 (when a student made or shared the image)"),
            "112": t("Police: 112"),
            "1377": t("Korea Media and Communications Standards Commission: 1377, then 3 (deletion and blocking "
                      "requests)")}[number]


def render_record_html(data, lang):
    from backend.report import environment

    return environment(lang).get_template("record.html").render(record=data, lang=lang, me_url=None)


def render_record_text(data, lang):
    """The same record as plain text (UTF-8), to keep or print."""
    t = Translator(lang)
    lines = [t("Record of a photo seen online (without the image)"), "",
             f"{t('Address')}: {data['address']}"]
    if data["image_address"]:
        lines.append(f"{t('Image address')}: {data['image_address']}")
    lines += [f"{t('Account')}: {data['profile']}", f"{t('Seen')}: {data['seen']}",
              f"{t('Platform')}: {data['platform']}", f"SHA-256: {data['sha256']}", "",
              t("Do not save, screenshot or forward the image: keeping or sending it can spread it further. "
                "This record is enough to ask for help."), "", t("Where to ask for help:")]
    lines += [f"- {item['name']}" + (f" ({item['url']})" if item["url"] else "") for item in data["help"]]
    lines += ["", t("Take It Down (under 18): %(url)s", url=data["take_it_down"]),
              t("StopNCII (18 and over): %(url)s", url=data["stopncii"]),
              t("Both make the image's fingerprint on your own device: the image is never sent.")]
    return "\n".join(lines) + "\n"
