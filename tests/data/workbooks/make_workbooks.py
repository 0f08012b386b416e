"""Writes the office-style workbooks in this folder with openpyxl (pip install openpyxl).

Run from this folder: python3 make_workbooks.py. The files are committed; this script documents
how they were made. They are laid out the way Chinese offices keep a registry: a merged title row
and a 填报单位 row above the header, a 序号 column, Chinese headers with bracketed English, names
instead of codes, real dates and whole numbers typed as numbers, a 合计 row at the bottom.
The .xls and .ods copies are LibreOffice conversions of 鲁班工坊登记表.xlsx (see the end).
"""

import datetime
import subprocess
import shutil

from openpyxl import Workbook

book = Workbook()

# Sheet 工坊: two title rows (the first merged across the table), then the header on row 3.
ws = book.active
ws.title = "工坊"
ws.append(["XX职业技术学院鲁班工坊建设情况统计表"])
ws.merge_cells("A1:L1")
ws.append(["填报单位：国际交流处", None, None, None, None, "填报日期：2024年11月21日"])
ws.append(["序号", "编号", "英文名称（English）", "名称(中文)", "国家", "城市",
           "外方合作院校", "中方院校", "建成\n年份", "揭牌日期", "状态", "备注"])
ws.append([1, "TH-AYU", "Thailand Luban Workshop", "泰国鲁班工坊", "泰国", "大城府",
           "Ayutthaya Technical College", "天津市渤海职业技术学院", 2016,
           datetime.datetime(2016, 3, 8), "运营中", "首个海外鲁班工坊"])
ws.append([2, "DJ-DJI", "Djibouti Luban Workshop", "吉布提鲁班工坊", "吉布提", "吉布提市",
           "Djibouti Industrial and Commercial School", "天津铁道职业技术学院", 2019.0,
           datetime.datetime(2019, 3, 28), "运营中", None])
ws.append(["合计", None, None, None, None, None, None, None, None, None, None, "2 个工坊"])

# Sheet 招生: the workshop cell merged down over its two rows; counts typed as numbers.
ws = book.create_sheet("招生")
ws.append(["鲁班工坊学历教育招生情况"])
ws.merge_cells("A1:F1")
ws.append(["序号", "工坊编号", "年份", "专业", "层次", "招生人数（人）"])
ws.append([1, "TH-AYU", 2022, None, "高职专科", 1200])
ws.append([2, None, 2023, None, "associate", 1500.0])
ws.merge_cells("B3:B4")
ws.append(["小计", None, None, None, None, 2700])

# A sheet that is no kind of record: left out with a note.
ws = book.create_sheet("说明")
ws.append(["本表由国际交流处填写。"])

book.save("鲁班工坊登记表.xlsx")

# One sheet with a bad row: the country in column E (国家) of row 4 is unknown, and the year in
# column I of row 5 is a #N/A error.
book = Workbook()
ws = book.active
ws.title = "工坊"
ws.append(["鲁班工坊建设情况统计表"])
ws.append([])
ws.append(["序号", "编号", "英文名称", "中文名称", "国家", "城市", "外方合作院校", "中方院校",
           "建成年份", "揭牌日期", "状态"])
ws.append([1, "XX-ONE", "Nowhere Luban Workshop", None, "Atlantis", None, "Host College",
           "天津某学院", 2020, None, "运营中"])
ws.append([2, "XX-TWO", "Second Luban Workshop", None, "泰国", None, "Host College",
           "天津某学院", "=NA()", None, "运营中"])
# openpyxl stores formulas without their results; LibreOffice computes #N/A and stores it, as
# Excel would (below). Without LibreOffice the cell reads blank.
book.save("bad-rows-formulas.xlsx")

# A workbook with one sheet named nothing in particular: `luban import workshops` takes it.
book = Workbook()
ws = book.active
ws.title = "Sheet1"
ws.append(["code", "name_en", "country", "host_institution", "chinese_institution",
           "opened_year", "status"])
ws.append(["PK-LHR", "Pakistan Luban Workshop", "PAK", "Punjab TEVTA", "天津现代职业技术学院",
           2018, "active"])
book.save("one-sheet.xlsx")

# The office's own columns (合作企业, 经费, 签约日期) after the registry's, values typed as the office
# types them: a number with decimals, a real date, text.
book = Workbook()
ws = book.active
ws.title = "工坊"
ws.append(["编号", "英文名称", "国家", "外方合作院校", "中方院校", "建成年份", "状态",
           "合作企业", "经费", "签约日期"])
ws.append(["TH-AYU", "Thailand Luban Workshop", "泰国", "Ayutthaya Technical College",
           "天津市渤海职业技术学院", 2016, "运营中", "正大集团", 12.5, datetime.datetime(2015, 6, 1)])
ws.append(["DJ-DJI", "Djibouti Luban Workshop", "吉布提", "Djibouti Industrial and Commercial School",
           "天津铁道职业技术学院", 2019, "运营中", None, 300, None])
book.save("own-fields.xlsx")

# Partnerships: sheets 联系人, 合作协议 and 工坊 in that order (contacts first, so the import must
# put them in dependency order itself). The second agreement renews the first; signing dates are
# real dates, the notice period a number, yes/no in Chinese.
book = Workbook()
ws = book.active
ws.title = "联系人"
ws.append(["工坊", "姓名", "所属方", "职务", "电子邮箱", "电话"])
ws.append(["TH-AYU", "Somchai P.", "外方", "Director", "somchai@example.ac.th", "+66 35 000 000"])
ws.append(["泰国鲁班工坊", "王老师", "中方", "项目负责人", "wang@example.edu.cn", None])
ws = book.create_sheet("合作协议")
ws.append(["鲁班工坊合作协议一览"])
ws.merge_cells("A1:H1")
ws.append(["序号", "编号", "工坊", "协议类型", "协议名称", "签署日期", "到期日期", "自动续约",
           "提前通知天数", "状态", "续签协议"])
ws.append([1, "TH-AYU-MOU", "TH-AYU", "合作备忘录", "泰国鲁班工坊合作备忘录",
           datetime.datetime(2016, 3, 8), datetime.datetime(2021, 3, 7), "否", 180, "已签署", None])
ws.append([2, "TH-AYU-MOU2", "TH-AYU", "合作备忘录", "泰国鲁班工坊合作备忘录（续签）",
           datetime.datetime(2021, 3, 1), None, "是", 90, "已签署", "TH-AYU-MOU"])
ws = book.create_sheet("工坊")
ws.append(["编号", "英文名称", "中文名称", "国家", "外方合作院校", "中方院校", "建成年份", "状态"])
ws.append(["TH-AYU", "Thailand Luban Workshop", "泰国鲁班工坊", "泰国", "Ayutthaya Technical College",
           "天津市渤海职业技术学院", 2016, "运营中"])
book.save("合作协议登记表.xlsx")

# The same in English sheet names, with one contact's e-mail wrong: nothing of it is imported.
book = Workbook()
ws = book.active
ws.title = "contacts"
ws.append(["workshop", "name", "side", "email"])
ws.append(["TH-AYU", "Somchai P.", "partner", "somchai at example"])
ws = book.create_sheet("agreements")
ws.append(["code", "workshop", "type", "title", "status"])
ws.append(["TH-AYU-MOU", "TH-AYU", "mou", "Memorandum", "signed"])
ws = book.create_sheet("workshops")
ws.append(["code", "name_en", "country", "host_institution", "chinese_institution",
           "opened_year", "status"])
ws.append(["TH-AYU", "Thailand Luban Workshop", "TH", "Ayutthaya Technical College",
           "天津市渤海职业技术学院", 2016, "active"])
book.save("partnerships-bad-email.xlsx")

# .xls and .ods made by LibreOffice from the office workbook, if it is installed.
soffice = shutil.which("soffice") or shutil.which("libreoffice")
if soffice:
    import os, tempfile
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([soffice, "--headless", "--convert-to", "xlsx", "--outdir", out,
                        "bad-rows-formulas.xlsx"], check=True)
        shutil.move(os.path.join(out, "bad-rows-formulas.xlsx"), "bad-rows.xlsx")
    os.remove("bad-rows-formulas.xlsx")
    for fmt in ("xls", "ods"):
        subprocess.run([soffice, "--headless", "--convert-to", fmt, "鲁班工坊登记表.xlsx"],
                       check=True)
