"""The words of the export languages people really have, as data, in one place: the
titles the platforms give their system albums, and the month names of the dates
the HTML exports print. English, Korean, Japanese, Chinese (simplified and
traditional), Spanish, Portuguese, French and German; a new language is a line here.

Titles are compared case-folded with their spaces squeezed (album_kind()); months by
the word's first letters, without its dot (month_number()).
"""
import re

# The album titles Facebook gives the albums of profile and cover photos. Any other
# album is the user's own (its photos are posts). The structure says it too where it
# can (the media folder "ProfilePictures_…", facebook.py); the title is the fallback.
ALBUM_TITLES = {
    "profile_photo": (
        "Profile pictures", "Profile Pictures", "Profile photos",          # en
        "프로필 사진",                                                      # ko
        "プロフィール写真",                                                  # ja
        "头像", "头像照片", "个人头像",                                        # zh-Hans
        "大頭貼照", "大頭照", "頭像",                                          # zh-Hant
        "Fotos del perfil", "Fotos de perfil",                             # es
        "Fotos do perfil", "Fotos de perfil",                              # pt
        "Photos de profil",                                                # fr
        "Profilbilder",                                                    # de
    ),
    "cover_photo": (
        "Cover photos", "Cover Photos",                                    # en
        "커버 사진", "표지 사진",                                             # ko
        "カバー写真",                                                        # ja
        "封面照片", "封面图片",                                               # zh-Hans
        "封面相片", "封面照片",                                               # zh-Hant
        "Fotos de portada",                                                # es
        "Fotos da capa", "Fotos de capa",                                  # pt
        "Photos de couverture",                                            # fr
        "Titelbilder",                                                     # de
    ),
}

# Month names and their abbreviations, by number. Only the first letters are compared
# (month_number), so "sept", "septembre" and "septiembre" all find 9.
MONTHS = {
    1: ("jan", "january", "ene", "enero", "janeiro", "janv", "janvier", "januar", "jän", "jänner"),
    2: ("feb", "february", "febrero", "fev", "fevereiro", "févr", "février", "februar"),
    3: ("mar", "march", "marzo", "março", "mars", "mär", "märz", "mrz"),
    4: ("apr", "april", "abr", "abril", "avr", "avril"),
    5: ("may", "mayo", "mai", "maio"),
    6: ("jun", "june", "junio", "junho", "juin", "juni"),
    7: ("jul", "july", "julio", "julho", "juil", "juillet", "juli"),
    8: ("aug", "august", "ago", "agosto", "août", "aout"),
    9: ("sep", "sept", "september", "septiembre", "set", "setembro", "septembre"),
    10: ("oct", "october", "octubre", "out", "outubro", "octobre", "okt", "oktober"),
    11: ("nov", "november", "noviembre", "novembro", "novembre"),
    12: ("dec", "december", "dic", "diciembre", "dez", "dezembro", "déc", "décembre", "dezember"),
}
# The words before the hour ("오후 4:25", "下午4:25") that say afternoon.
AFTERNOON = ("오후", "下午", "午後", "pm", "p.m.", "p. m.")
MORNING = ("오전", "上午", "午前", "am", "a.m.", "a. m.")

_TITLES = {" ".join(title.casefold().split()): kind for kind, titles in ALBUM_TITLES.items() for title in titles}
# Facebook names an album's media folder after its title, spaces dropped, and adds "_<id>".
_FOLDERS = {title.replace(" ", ""): kind for title, kind in _TITLES.items()}
_MONTH_WORDS = {word: number for number, words in MONTHS.items() for word in words}


def album_kind(title):
    """"profile_photo" or "cover_photo" for a system album's title in any language above, else None."""
    return _TITLES.get(" ".join(str(title).casefold().split()))


def folder_kind(folder):
    """"profile_photo" or "cover_photo" for an album's media folder ("ProfilePictures_ab12",
    "Fotosdelperfil_cd34", "大頭貼照_ef56") in any language above, else None."""
    return _FOLDERS.get(str(folder).rsplit("_", 1)[0].casefold())


def month_number(word):
    """The month a name or abbreviation in any language above stands for, or None."""
    word = re.sub(r"\.$", "", word.casefold())
    return _MONTH_WORDS.get(word)
