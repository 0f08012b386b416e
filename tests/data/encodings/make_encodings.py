"""Writes the files in this folder: CSV bytes as offices' spreadsheet programs save them in
encodings the importer must not guess, and a file whose letters were lost as `?`.

Run from this folder: python3 make_encodings.py (Python 3, standard library only). The files are
committed; this script documents how they were made. Each is a short workshops.csv, as a real
office's is: a header and one to three rows.

- workshops-windows-874.csv: Thai names, as Excel on Thai Windows saves "CSV" (cp874, no BOM).
- workshops-big5.csv: Traditional Chinese names, as Excel on Taiwanese Windows saves "CSV" (Big5).
- workshops-shift-jis.csv: Japanese names, as Excel on Japanese Windows saves "CSV" (cp932).
- workshops-utf8-gb18030-mix.csv: a GB18030 file (Excel on Chinese Windows) to which a row was
  appended by a program writing UTF-8 (a French name with accents).
- workshops-gb18030.csv: the GB18030 file alone, which must still import (control).
- workshops-question-marks.csv: a file whose Chinese was saved in an encoding that cannot hold it
  (Windows-1252: "CSV (Comma delimited)" on an English Windows), so each character became `?`.
"""

HEADER = "code,name_en,name_zh,country,host_institution,chinese_institution,opened_year,status\r\n"

thai = HEADER + (
    "TH-AYU,Thailand Luban Workshop,,TH,วิทยาลัยเทคนิคพระนครศรีอยุธยา,Tianjin Bohai,2016,active\r\n"
    "TH-CHO,Chonburi Workshop,,TH,วิทยาลัยเทคนิคชลบุรี,Tianjin Light Industry,2023,active\r\n"
)
open("workshops-windows-874.csv", "wb").write(thai.encode("cp874"))

big5 = HEADER + (
    "TH-AYU,Thailand Luban Workshop,泰國魯班工坊,TH,大城技術學院,天津市渤海職業技術學院,2016,active\r\n"
)
open("workshops-big5.csv", "wb").write(big5.encode("big5"))

sjis = HEADER + (
    "TH-AYU,Thailand Luban Workshop,タイ魯班工房,TH,アユタヤ技術短期大学,天津渤海職業技術学院,2016,active\r\n"
)
open("workshops-shift-jis.csv", "wb").write(sjis.encode("cp932"))

gb = HEADER + (
    "TH-AYU,Thailand Luban Workshop,泰国鲁班工坊,TH,大城府技术学院,天津市渤海职业技术学院,2016,active\r\n"
    "DJ-DJI,Djibouti Luban Workshop,吉布提鲁班工坊,DJ,吉布提工商学校,天津铁道职业技术学院,2019,active\r\n"
)
open("workshops-gb18030.csv", "wb").write(gb.encode("gb18030"))
appended = "CI-ABJ,Côte d’Ivoire Luban Workshop,,CI,Université Félix Houphouët-Boigny,Tianjin Vocational,2023,active\r\n"
open("workshops-utf8-gb18030-mix.csv", "wb").write(gb.encode("gb18030") + appended.encode("utf-8"))

lost = HEADER + (
    "TH-AYU,Thailand Luban Workshop,泰国鲁班工坊,TH,Ayutthaya Technical College,天津市渤海职业技术学院,2016,active\r\n"
)
open("workshops-question-marks.csv", "wb").write(lost.encode("cp1252", errors="replace"))
