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
        "around": "Photos of themselves in accounts around them (school, club, friends)",
        "around_participants": "Students who checked accounts around them",
        "around_found": "Students who found photos of themselves there",
        "n_students": "{n} students", "n_photos": "{n} photos",
        "join_code": "Join code", "join_until": "Students join with this code until",
        "join_hint": "Students scan the QR code or open the link: on a phone they check on the page, "
                     "on a computer with the extension they pair it with one click. Or they type the code.",
        "join_closed": "The join code has expired: make a new one below for students who have not joined.",
        "new_code": "New join code", "new_code_hint": "The old code stops working.",
        "export_csv": "Download CSV", "print": "Printable page",
        "close": "Close the workshop and delete everything in it",
        "close_confirm": "I understand: every audit of this workshop is deleted, for good.",
        "closed": "Workshop closed", "closed_text": "The workshop and everything in it were deleted: {n} audits.",
        "create": "New workshop", "name": "Workshop name (for example, a class)", "join_days": "Join code valid for (days)",
        "created": "Workshop created", "dashboard_link": "Your dashboard (keep this link: it is the only way in)",
        "class_size": "Number of students (the join code lets this many join)",
        "join_box": "How students join", "join_link": "Join link",
        "join_code_hidden": "This join code was made on the command line, so it cannot be shown here: make a new one below.",
        "join_count": "{joined} joined · the code lets {left} more join (class of {size})",
        "handout": "Printable handout for students", "keep_link": "Keep this page's link (bookmark it): it is the only way back into this dashboard.",
        "renewed": "New join code made: the old one no longer works.",
        "handout_title": "Join the class: {name}",
        "handout_scan": "Scan this QR code with your phone's camera.",
        "handout_or": "Or open this address and type the code:",
        "handout_laptop": "On a computer with the {name} extension: open this link, click the extension's icon "
                          "and press “{button}”.",
        "handout_privacy": "Your teacher sees only class totals: never your photos, your links or your name.",
        "handout_until": "The code works until {until} UTC.",
        "err_title": "That did not work",
        "err_not_local": "Workshops are created on the computer that runs the server: open this page there "
                         "(or run `python -m backend workshop create NAME`).",
        "err_other_origin": "This form can only be sent from this server's own page: open the page again and send it from there.",
        "err_not_found": "No workshop here: the link is wrong, or the workshop was closed.",
        "err_confirm": "Tick the box to confirm that everything in the workshop is deleted.",
        "err_name": "Give the workshop a name of 1 to 80 characters.",
        "err_join_days": "The join code can be valid for 1 to 30 days.",
        "err_class_size": "The number of students is a whole number from 1 to 300.",
        "back": "Back to the form",
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
        "around": "내 주변 계정(학교·동아리·친구)에 있는 본인 사진",
        "around_participants": "내 주변 계정을 점검한 학생",
        "around_found": "그 계정에서 본인 사진을 찾은 학생",
        "n_students": "{n}명", "n_photos": "{n}장",
        "join_code": "참여 코드", "join_until": "이 코드로 참여할 수 있는 기한",
        "join_hint": "학생은 QR 코드를 찍거나 링크를 엽니다. 휴대폰에서는 그 페이지에서 바로 점검하고, "
                     "확장 프로그램이 있는 컴퓨터에서는 한 번 눌러 연결합니다. 코드를 직접 입력해도 됩니다.",
        "join_closed": "참여 코드가 만료되었습니다. 아직 참여하지 않은 학생이 있으면 아래에서 새 코드를 만드세요.",
        "new_code": "새 참여 코드", "new_code_hint": "이전 코드는 더 이상 쓸 수 없습니다.",
        "export_csv": "CSV 내려받기", "print": "인쇄용 페이지",
        "close": "워크숍을 닫고 모든 내용 삭제",
        "close_confirm": "이 워크숍의 모든 점검 결과가 영구히 삭제된다는 것을 이해합니다.",
        "closed": "워크숍을 닫았습니다", "closed_text": "워크숍과 그 안의 모든 내용을 삭제했습니다: 점검 {n}건.",
        "create": "새 워크숍", "name": "워크숍 이름 (예: 반 이름)", "join_days": "참여 코드 유효 기간 (일)",
        "created": "워크숍을 만들었습니다", "dashboard_link": "현황 페이지 (이 링크를 보관하세요: 들어갈 수 있는 유일한 방법입니다)",
        "class_size": "학생 수 (이 인원만큼 참여 코드로 참여할 수 있습니다)",
        "join_box": "학생 참여 방법", "join_link": "참여 링크",
        "join_code_hidden": "명령줄에서 만든 참여 코드라 여기에 보여 줄 수 없습니다. 아래에서 새 코드를 만드세요.",
        "join_count": "{joined}명 참여 · {left}명 더 참여할 수 있습니다 (정원 {size}명)",
        "handout": "학생용 안내문 인쇄", "keep_link": "이 페이지의 링크를 보관하세요(북마크). 현황 페이지에 다시 들어올 수 있는 유일한 방법입니다.",
        "renewed": "새 참여 코드를 만들었습니다. 이전 코드는 더 이상 쓸 수 없습니다.",
        "handout_title": "수업 참여하기: {name}",
        "handout_scan": "휴대폰 카메라로 이 QR 코드를 찍으세요.",
        "handout_or": "또는 이 주소를 열고 코드를 입력하세요.",
        "handout_laptop": "{name} 확장 프로그램이 있는 컴퓨터라면 이 링크를 열고, 확장 프로그램 아이콘을 누른 뒤 "
                          "‘{button}’을 누르세요.",
        "handout_privacy": "선생님은 반 전체 합계만 봐요. 여러분의 사진, 링크, 이름은 보지 않아요.",
        "handout_until": "이 코드는 {until}(UTC)까지 쓸 수 있어요.",
        "err_title": "처리하지 못했습니다",
        "err_not_local": "워크숍은 서버를 실행하는 컴퓨터에서 만듭니다. 그 컴퓨터에서 이 페이지를 여세요"
                         "(또는 `python -m backend workshop create 이름`을 실행하세요).",
        "err_other_origin": "이 양식은 이 서버의 페이지에서만 보낼 수 있습니다. 페이지를 다시 열고 거기에서 보내세요.",
        "err_not_found": "워크숍이 없습니다. 링크가 잘못되었거나 워크숍이 종료되었습니다.",
        "err_confirm": "워크숍의 모든 내용이 삭제된다는 데 동의하는 칸에 체크하세요.",
        "err_name": "워크숍 이름은 1~80자로 정하세요.",
        "err_join_days": "참여 코드 유효 기간은 1~30일입니다.",
        "err_class_size": "학생 수는 1~300 사이의 정수입니다.",
        "back": "양식으로 돌아가기",
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
    around = figures.get("around") or {}
    result.append({"id": "around", "title": text["around"], "suppressed": not around,
                   "rows": [row("around_participants", around.get("participants"), "students"),
                            row("around_found", around.get("participants_found"), "students")]})
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
