"""The sheet: the dashboard's figures laid out in labelled sections (English and Korean),
one layout for the page, the printable page and the CSV export."""
import csv
import io

from .aggregates import MIN_GROUP

LABELS = {
    "en": {
        "dashboard": "Workshop dashboard", "printable": "Workshop summary",
        "privacy": "Class totals only: never a student's photo, profile link or name.",
        "suppressed": f"Shown once at least {MIN_GROUP} students are in this group, to protect their privacy.",
        "fixes_rule": f"Steps and platforms shared by at least {MIN_GROUP} students.",
        "none_yet": "Nothing to show yet.",
        "class": "The class", "joined": "Students who joined", "participants_audited": "Students with a finished audit",
        "audits_done": "Audits finished", "audits_active": "Audits waiting or running", "audits_failed": "Audits that failed",
        "first": "First audit", "latest": "Latest audit", "participants": "Students",
        "photos": "Photos audited", "photos_with_faces": "Photos with faces",
        "clear_photos": "Photos with a clear face (enough for a face swap)",
        "clear_share": "Share of photos with a clear face",
        "participants_with_clear_photo": "Students with at least one clear photo",
        "participants_with_identity_kit": "Students with 3 or more clear photos of themselves",
        "change": "Change after the class audited again", "reaudited": "Students who audited again",
        "clear_before": "Clear photos, first audit", "clear_after": "Clear photos, latest audit",
        "share_before": "Share clear, first audit", "share_after": "Share clear, latest audit",
        "kits_before": "Students with 3+ clear photos, first audit",
        "kits_after": "Students with 3+ clear photos, latest audit",
        "improved": "Students with fewer clear photos now",
        "fixes": "Most common fixes", "platforms": "Platforms audited",
        "n_students": "{n} students", "n_photos": "{n} photos",
        "join_code": "Join code", "join_until": "Students join with this code until",
        "join_hint": "Students open the extension, choose Pair, and type this code.",
        "join_closed": "The join code has expired: make a new one below for students who have not joined.",
        "new_code": "New join code", "new_code_hint": "The old code stops working.",
        "export_csv": "Download CSV", "print": "Printable page",
        "close": "Close the workshop and delete everything in it",
        "close_confirm": "I understand: every audit of this workshop is deleted, for good.",
        "closed": "Workshop closed", "closed_text": "The workshop and everything in it were deleted: {n} audits.",
        "create": "New workshop", "name": "Workshop name (for example, a class)", "join_days": "Join code valid for (days)",
        "created": "Workshop created", "dashboard_link": "Your dashboard (keep this link: it is the only way in)",
        "switch": "한국어",
    },
    "ko": {
        "dashboard": "워크숍 현황", "printable": "워크숍 요약",
        "privacy": "반 전체 합계만 보여 줍니다. 학생의 사진, 프로필 링크, 이름은 보이지 않습니다.",
        "suppressed": f"학생 보호를 위해 {MIN_GROUP}명 이상일 때만 보여 줍니다.",
        "fixes_rule": f"{MIN_GROUP}명 이상에게 해당하는 조치와 플랫폼만 보여 줍니다.",
        "none_yet": "아직 보여 줄 내용이 없습니다.",
        "class": "반 전체", "joined": "참여한 학생", "participants_audited": "점검을 마친 학생",
        "audits_done": "끝난 점검", "audits_active": "대기 중이거나 진행 중인 점검", "audits_failed": "실패한 점검",
        "first": "첫 점검", "latest": "최근 점검", "participants": "학생 수",
        "photos": "점검한 사진", "photos_with_faces": "얼굴이 있는 사진",
        "clear_photos": "얼굴이 선명한 사진 (얼굴 합성에 쓰일 수 있음)",
        "clear_share": "얼굴이 선명한 사진의 비율",
        "participants_with_clear_photo": "선명한 사진이 1장 이상인 학생",
        "participants_with_identity_kit": "본인의 선명한 사진이 3장 이상인 학생",
        "change": "다시 점검한 뒤의 변화", "reaudited": "다시 점검한 학생",
        "clear_before": "선명한 사진, 첫 점검", "clear_after": "선명한 사진, 최근 점검",
        "share_before": "선명한 사진 비율, 첫 점검", "share_after": "선명한 사진 비율, 최근 점검",
        "kits_before": "선명한 사진 3장 이상인 학생, 첫 점검",
        "kits_after": "선명한 사진 3장 이상인 학생, 최근 점검",
        "improved": "선명한 사진이 줄어든 학생",
        "fixes": "가장 많이 필요한 조치", "platforms": "점검한 플랫폼",
        "n_students": "{n}명", "n_photos": "{n}장",
        "join_code": "참여 코드", "join_until": "이 코드로 참여할 수 있는 기한",
        "join_hint": "학생은 확장 프로그램에서 '연결'을 누르고 이 코드를 입력합니다.",
        "join_closed": "참여 코드가 만료되었습니다. 아직 참여하지 않은 학생이 있으면 아래에서 새 코드를 만드세요.",
        "new_code": "새 참여 코드", "new_code_hint": "이전 코드는 더 이상 쓸 수 없습니다.",
        "export_csv": "CSV 내려받기", "print": "인쇄용 페이지",
        "close": "워크숍을 닫고 모든 내용 삭제",
        "close_confirm": "이 워크숍의 모든 점검 결과가 영구히 삭제된다는 것을 이해합니다.",
        "closed": "워크숍을 닫았습니다", "closed_text": "워크숍과 그 안의 모든 내용을 삭제했습니다: 점검 {n}건.",
        "create": "새 워크숍", "name": "워크숍 이름 (예: 반 이름)", "join_days": "참여 코드 유효 기간 (일)",
        "created": "워크숍을 만들었습니다", "dashboard_link": "현황 페이지 (이 링크를 보관하세요: 들어갈 수 있는 유일한 방법입니다)",
        "switch": "English",
    },
}
ROUND_ROWS = (("participants", "students"), ("photos", "photos"), ("photos_with_faces", "photos"),
              ("clear_photos", "photos"), ("clear_share", "share"),
              ("participants_with_clear_photo", "students"), ("participants_with_identity_kit", "students"))
CHANGE_ROWS = (("clear_before", "photos"), ("clear_after", "photos"), ("share_before", "share"),
               ("share_after", "share"), ("kits_before", "students"), ("kits_after", "students"),
               ("improved", "students"))


def labels(lang):
    """The label set for `lang` ("en" or "ko")."""
    return LABELS["ko" if lang == "ko" else "en"]


def sections(joined, figures, lang="en"):
    """[{"id", "title", "suppressed", "rows": [{"measure", "label", "value", "unit"}]}] from
    the number of students who joined and aggregates.aggregate()."""
    text = labels(lang)

    def row(measure, value, unit, label=None):
        return {"measure": measure, "label": label or text[measure], "value": value, "unit": unit}

    active = figures["audits"]["queued"] + figures["audits"]["running"]
    result = [{"id": "class", "title": text["class"], "suppressed": False, "rows": [
        row("joined", joined, "students"), row("participants_audited", figures["participants_audited"], "students"),
        row("audits_done", figures["audits"]["done"], "audits"), row("audits_active", active, "audits"),
        row("audits_failed", figures["audits"]["failed"], "audits")]}]
    for round_id in ("first", "latest"):
        totals = figures[round_id] or {}
        result.append({"id": round_id, "title": text[round_id], "suppressed": not totals,
                       "rows": [row(m, totals.get(m), unit) for m, unit in ROUND_ROWS]})
    change = figures["change"] or {}
    result.append({"id": "change", "title": text["change"], "suppressed": not change,
                   "rows": [row("reaudited", figures["reaudited"], "students")]
                   + [row(m, change.get(m), unit) for m, unit in CHANGE_ROWS]})
    result.append({"id": "fixes", "title": text["fixes"], "suppressed": False,
                   "rows": [row(fix["id"], fix["participants"], "students", fix["title"]) | {
                       "photos": fix["photos_affected"]} for fix in figures["fixes"]]})
    result.append({"id": "platforms", "title": text["platforms"], "suppressed": False,
                   "rows": [row(p["platform"], p["participants"], "students", p["name"])
                            for p in figures["platforms"]]})
    return result


def display(value, unit):
    """A value as the page shows it: a dash when hidden, shares as percentages."""
    if value is None:
        return "—"
    if unit == "share":
        return f"{value * 100:.0f}%"
    return str(value)


def to_csv(workshop, joined, figures, lang="en"):
    """The sheet as CSV text: section, measure, label, value, unit (hidden figures left empty)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["section", "measure", "label", "value", "unit"])
    writer.writerow(["workshop", "name", "", _cell(workshop["name"]), ""])
    writer.writerow(["workshop", "created_at", "", workshop["created_at"], ""])
    for section in sections(joined, figures, lang):
        for row in section["rows"]:
            value = "" if row["value"] is None else row["value"]
            writer.writerow([section["id"], row["measure"], _cell(row["label"]), value, row["unit"]])
            if "photos" in row:
                writer.writerow([section["id"], row["measure"] + ":photos", _cell(row["label"]),
                                 row["photos"], "photos"])
    return out.getvalue()


def _cell(text):
    # A spreadsheet runs a cell that starts with = + - @ as a formula.
    text = str(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
