"""Writes the Excel-style fixture files in this folder with the exact bytes Excel and WPS produce.

Run from this folder: python3 make_fixtures.py. The files are committed; this script documents how
they were made (GB18030 as Excel on Chinese Windows saves "CSV", UTF-16LE with BOM and tabs as
Excel's "Unicode text", UTF-8 with BOM and semicolons as European Excel's "CSV UTF-8").
"""

workshops_zh = (
    "编号,英文名称,中文名称,国家,城市,外方合作院校,中方院校,建成年份,揭牌日期,状态,备注\r\n"
    "TH-AYU,Thailand Luban Workshop,泰国鲁班工坊,泰国,大城府,Ayutthaya Technical College,天津市渤海职业技术学院,2016,2016/3/8,运营中,首个海外鲁班工坊\r\n"
    "PK-LHR,Pakistan Luban Workshop,巴基斯坦鲁班工坊,PAK,拉合尔,Punjab TEVTA,天津现代职业技术学院,2018,,运营中,\r\n"
    "DJ-DJI,Djibouti Luban Workshop,吉布提鲁班工坊,Djibouti,吉布提市,Djibouti Industrial and Commercial School,天津铁道职业技术学院；天津市第一商业学校,2019,2019.03.28,运营中,\"非洲首个鲁班工坊，\r\n两个专业\"\r\n"
    ",,,,,,,,,,\r\n"
    ",,,,,,,,,,\r\n"
)
open("workshops-gb18030.csv", "wb").write(workshops_zh.encode("gb18030"))

enrolments_utf16 = (
    "workshop\tyear\tmajor\tlevel\tstudents\r\n"
    "TH-AYU\t2022\t\t高职专科\t\"1,200\"\r\n"
    "TH-AYU\t2023\t\tassociate\t\"15,000\"\r\n"
    "DJ-DJI\t2022\t\t中职\t148\r\n"
)
open("enrolments-utf16.csv", "wb").write(b"\xff\xfe" + enrolments_utf16.encode("utf-16-le"))

trainings_semicolon = (
    "Workshop ; Year ; Kind ; Trainees\r\n"
    "TH-AYU;2023;技能培训;2 000\r\n"
    "DJ-DJI;2022;teacher;69\r\n"
    "DJ-DJI;2022;Skills;\u00a0148\u00a0\r\n"
)
open("trainings-semicolon-bom.csv", "wb").write(b"\xef\xbb\xbf" + trainings_semicolon.encode("utf-8"))

# The same rows as Windows Excel saves them (CRLF) and as old Mac Excel does (CR only), with a
# quoted cell over three lines and a blank line, so that the bad country (XX) is on physical line 6
# and the bad year (20x0) on line 7 whatever ends the lines.
positions = (
    "code,name_en,country,host_institution,chinese_institution,opened_year,status,notes\n"
    "AA-ONE,One,TH,Host,Tianjin,2020,active,\"first\nsecond\nthird\"\n"
    "\n"
    "AA-TWO,Two,XX,Host,Tianjin,2020,active,\n"
    "AA-THR,Three,TH,Host,Tianjin,20x0,active,\n"
)
open("workshops-crlf.csv", "wb").write(positions.replace("\n", "\r\n").encode("utf-8"))
open("workshops-cr.csv", "wb").write(positions.replace("\n", "\r").encode("utf-8"))
