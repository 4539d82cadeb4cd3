#!/usr/bin/env python3
"""Generates samples/hunan-2019.xml: a fictional but realistic 2019 round of the
湖南省“上云上平台”标杆企业 program (templates/hunan-cloud, seed 002). Deterministic; run it
again after editing:
    python3 tools/gen-hunan-2019.py > samples/hunan-2019.xml
Companies, people, phone numbers and codes are invented (e-mail addresses use example.cn);
place names are Hunan's real 市州 and 县（区）. Unified social credit codes (GB 32100) and
organisation codes (GB 11714) carry correct check characters."""
import os
import random
import sys
from xml.sax.saxutils import escape, quoteattr

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gbcode import credit_code_of, random_org  # noqa: E402  GB 32100/11714 checks

R = random.Random(2019)

def credit_code(region, org):
    return credit_code_of(region, org)


def new_org():
    return random_org(R, 0.6)  # codes issued since 2015 start with MA


# 市州, region code, applicants, short place name, (县（区）, region code) ...
CITIES = [
    ("长沙市", 7, "长沙", [("岳麓区", "430104"), ("雨花区", "430111"), ("长沙县", "430121"),
                          ("望城区", "430112"), ("宁乡市", "430182"), ("浏阳市", "430181")]),
    ("株洲市", 5, "株洲", [("天元区", "430211"), ("石峰区", "430204"), ("芦淞区", "430203"),
                          ("醴陵市", "430281")]),
    ("湘潭市", 4, "湘潭", [("岳塘区", "430304"), ("雨湖区", "430302"), ("湘潭县", "430321")]),
    ("衡阳市", 4, "衡阳", [("蒸湘区", "430408"), ("珠晖区", "430405"), ("耒阳市", "430481")]),
    ("岳阳市", 4, "岳阳", [("岳阳楼区", "430602"), ("云溪区", "430603"), ("汨罗市", "430681")]),
    ("常德市", 4, "常德", [("武陵区", "430702"), ("鼎城区", "430703"), ("津市市", "430781")]),
    ("郴州市", 3, "郴州", [("北湖区", "431002"), ("苏仙区", "431003"), ("资兴市", "431081")]),
    ("娄底市", 3, "娄底", [("娄星区", "431302"), ("冷水江市", "431381"), ("涟源市", "431382")]),
    ("湘西土家族苗族自治州", 2, "湘西", [("吉首市", "433101"), ("泸溪县", "433122")]),
]

STREETS = ["麓谷大道", "东二环", "芙蓉中路", "韶山南路", "湘江北路", "长株高速连接线", "建设南路",
           "解放西路", "人民中路", "车站路", "工业园大道", "经济开发区创业路", "科技路", "金桂路"]

TRADE = """麓谷 华湘 天鹰 麓云 星沙 楚天 潇湘 恒岳 湘远 金洲 湘江 凯瑞 博雅 洞庭 衡岳 南岭 九嶷
沅澧 五岭 资江 雪峰 芙蓉 龙骧 铭创 鼎信 云帆 智汇 泰格 长株 德源 宏盛 晟达 锦华 兴湘 瑞丰 力拓""".split()

# 所属行业, company-name suffix, 主要产品/服务
INDUSTRIES = [
    ("工程机械", "重工机械有限公司", "混凝土泵车、起重机械及其关键零部件"),
    ("轨道交通", "轨道装备有限公司", "城轨车辆牵引变流器与车载控制系统"),
    ("航空航天", "航空科技有限公司", "中小型航空发动机零部件与机载设备"),
    ("船舶", "船舶制造有限公司", "内河船舶与船舶配套设备"),
    ("汽车", "汽车零部件有限公司", "乘用车底盘与新能源汽车电驱动总成"),
    ("钢铁", "钢铁有限公司", "宽厚板、冷轧薄板及特种钢材"),
    ("有色", "有色金属有限公司", "铅锌冶炼产品与高纯金属材料"),
    ("石化化工", "化工有限公司", "精细化工中间体与环保型涂料"),
    ("建材", "新型建材有限公司", "绿色装配式建筑构件与特种水泥"),
    ("风电/光伏", "新能源科技有限公司", "风电主控系统与光伏逆变器"),
    ("其它装备制造", "智能装备有限公司", "智能输送分拣装备与工业机器人工作站"),
    ("轻工", "轻工制品有限公司", "烟花爆竹机械化生产与包装制品"),
    ("纺织服装", "服饰有限公司", "苎麻纺织面料与品牌服装"),
    ("食品", "食品有限公司", "辣味休闲食品与调味品"),
    ("医药", "药业有限公司", "中成药、化学原料药及制剂"),
    ("家电", "电器有限公司", "空气能热水器与厨房电器"),
    ("电子消费类整机", "电子科技有限公司", "智能终端与平板电脑整机"),
    ("电子应用类整机", "电子设备有限公司", "工业平板电脑与车载显示终端"),
    ("电子元器件", "电子元件有限公司", "片式电容器、电感与功率半导体器件"),
    ("软件及信息技术服务", "信息技术有限公司", "工业互联网平台与制造执行系统软件"),
    ("其他", "新材料有限公司", "碳基新材料与复合材料制品"),
]

FACTORS = ["生产工艺优化", "进度智能管控", "能源效率优化", "设备管理优化", "智能安全管控",
           "财务流程优化", "物流管理优化", "供应链协同", "网络营销与采购", "用户需求预测",
           "产品智能化", "综合设计仿真优化", "设计制造一体化", "全流程质量优化", "产品服务优化"]

HONOURS = [
    ("国家级", "国家智能制造试点示范项目"),
    ("国家级", "工业和信息化部工业互联网试点示范项目"),
    ("国家级", "国家两化融合管理体系贯标试点企业"),
    ("国家级", "国家制造业与互联网融合发展试点示范企业"),
    ("省级", "湖南省智能制造示范企业"),
    ("省级", "湖南省两化融合示范企业"),
    ("省级", "湖南省智能制造示范车间"),
    ("省级", "湖南省移动互联网重点企业"),
    ("省级", "湖南省工业互联网平台建设项目"),
    ("市级", "{place}市智能制造试点企业"),
    ("市级", "{place}市两化融合贯标企业"),
]

SURNAMES = [("张", "zhang"), ("李", "li"), ("王", "wang"), ("刘", "liu"), ("陈", "chen"),
            ("杨", "yang"), ("黄", "huang"), ("周", "zhou"), ("吴", "wu"), ("彭", "peng"),
            ("谭", "tan"), ("邓", "deng"), ("曾", "zeng"), ("罗", "luo"), ("欧阳", "ouyang")]
GIVEN = ["建军", "志强", "海燕", "立新", "文华", "湘林", "卫东", "晓峰", "丽娟", "国平", "德明",
         "春梅", "振宇", "玉兰", "湘平", "伟", "芳", "敏", "勇", "静"]
TITLES = ["信息中心主任", "总经理助理", "副总经理", "企业管理部部长", "数字化办公室主任", "总工程师"]

PLATFORMS = ["根云", "华为云", "阿里云", "腾讯云", "航天云网", "中电互联", "树根互联", "天翼云"]
SYSTEMS = ["制造执行系统（MES）", "企业资源计划系统（ERP）", "产品生命周期管理系统（PLM）",
           "仓储管理系统（WMS）", "能源管理系统（EMS）", "设备远程运维平台", "供应商协同平台（SRM）",
           "客户关系管理系统（CRM）", "高级计划排程系统（APS）", "质量追溯系统（QMS）"]


def pick_name():
    s, py = R.choice(SURNAMES)
    g = R.choice(GIVEN)
    return s + g, py


def mobile():
    return R.choice(["13", "15", "18", "17", "19"]) + R.choice("0123456789") + \
        "".join(R.choice("0123456789") for _ in range(8))


def ym(y, m):
    return "%04d-%02d" % (y, m)


def add_months(y, m, k):
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


def description(name, platform, systems, factors):
    parts = [
        "项目依托%s工业互联网平台，将%s迁移上云，打通研发、生产、仓储和销售各环节数据。" % (platform, "、".join(systems)),
        "围绕%s等要素条件，建立设备、工艺和订单数据的统一采集与建模分析环境，" % "、".join(factors) +
        "对关键工序参数进行实时监测和动态优化，对偏离标准工艺的情况自动报警。",
        "项目共接入生产设备%d台（套），部署边缘网关%d个，形成工业数据资源%d类。" %
        (R.randint(80, 900), R.randint(6, 60), R.randint(12, 80)),
        "实施后生产效率提升%d%%，运营成本降低%d%%，产品不良品率降低%d%%，单位产值能耗下降%d%%，" %
        (R.randint(12, 35), R.randint(8, 25), R.randint(10, 40), R.randint(5, 18)) +
        "形成了可复制、可推广的“%s”模式。" % name[:8],
    ]
    return "".join(parts)


def money(x):
    return "%.2f" % x


def applicant(n, city, place, district, region, code_kind):
    trade = TRADE[(n * 7) % len(TRADE)] if n < len(TRADE) else R.choice(TRADE) + R.choice("新达创盛")
    industry, suffix, products = INDUSTRIES[n % len(INDUSTRIES)]
    company = "湖南%s%s" % (trade, suffix) if n % 3 else "%s%s%s" % (place, trade, suffix)
    org = new_org()
    a = []
    date = "2019-08-%02d" % R.randint(5, 28)
    a.append('  <applicant id="HN-2019-%03d" city="%s" date="%s">' % (n + 1, city, date))
    a.append("    <enterprise>")
    a.append("      <name>%s</name>" % escape(company))
    if industry == "其他":
        a.append('      <industry other="石墨烯及碳纤维复合材料">其他</industry>')
    else:
        a.append("      <industry>%s</industry>" % escape(industry))
    if code_kind == "org":
        a.append("      <org-code>%s</org-code>" % org)
    else:
        a.append("      <credit-code>%s</credit-code>" % credit_code(region, org))
    a.append("      <founded>%04d-%02d-%02d</founded>" % (R.randint(1992, 2015), R.randint(1, 12), R.randint(1, 28)))
    a.append("      <products>%s</products>" % escape(products))
    a.append("      <district>%s</district>" % district)
    a.append("      <address>%s%s%s%d号</address>" % (city, district, R.choice(STREETS), R.randint(1, 999)))
    assets = R.uniform(8000, 260000)
    staff = R.randint(120, 6800)
    for i, year in enumerate((2017, 2018)):
        grow = 1 + R.uniform(0.03, 0.22) * i
        ta = assets * grow
        ratio = R.uniform(28, 72)
        tl = ta * ratio / 100
        rev = ta * R.uniform(0.5, 1.4)
        attrs = 'year="%d" total-assets="%s"' % (year, money(ta))
        style = n % 3  # 0: ratio only, 1: balance only (the form prints the computed ratio), 2: both
        if style in (1, 2):
            attrs += ' total-liabilities="%s"' % money(tl)
        if style in (0, 2):
            attrs += ' debt-ratio="%.1f"' % (tl / ta * 100 if style == 2 else ratio)
        attrs += ' revenue="%s" tax="%s" profit="%s" employees="%d"' % (
            money(rev), money(rev * R.uniform(0.02, 0.06)), money(rev * R.uniform(-0.01, 0.12)),
            round(staff * grow))
        a.append("      <finance %s/>" % attrs)
    name, py = pick_name()
    a.append('      <contact name="%s" title="%s" mobile="%s" email="%s%d@example.cn"/>' % (
        name, R.choice(TITLES), mobile(), py, R.randint(1, 99)))
    k = [0, 1, 2, 3, 4, 6][n % 6] if n != 4 else 7  # HN-2019-005: seven honours, past the form's four rows
    for lvl, h in R.sample(HONOURS, k):
        a.append('      <honour level="%s" date="%s">%s</honour>' % (
            lvl, ym(R.randint(2014, 2019), R.randint(1, 12)), escape(h.format(place=place))))
    a.append("    </enterprise>")

    # construction inside the two years before the 2019-08-31 deadline
    sy, sm = add_months(2017, 9, R.randint(0, 9))
    ey, em = add_months(sy, sm, R.randint(6, 14))
    if (ey, em) > (2019, 8):
        ey, em = 2019, 7
    items = [R.uniform(20, 600), R.uniform(10, 800), R.uniform(5, 60), R.uniform(20, 300),
             R.uniform(5, 120), R.uniform(5, 200), R.uniform(2, 60), R.uniform(10, 400)]
    items = [round(x, 2) for x in items]
    if n % 5 == 3:
        items[2] = 0.0  # an item not spent: 0.00 printed
    total = round(sum(items), 2)
    platform = R.choice(PLATFORMS)
    systems = R.sample(SYSTEMS, R.randint(2, 4))
    factors = sorted(R.sample(range(15), R.randint(1, 4)))
    pname = "基于%s的%s" % (platform, R.choice(["智能工厂上云项目", "设备上云与预测性维护项目",
                                                "全流程数字化管控平台", "供应链协同云平台",
                                                "能源管理上云项目", "生产管控上平台项目"]))
    a.append('    <project start="%s" end="%s" total="%s">' % (ym(sy, sm), ym(ey, em), money(total)))
    a.append("      <name>%s</name>" % escape(pname))
    keys = ["development", "devices", "testing", "staff", "cloud", "platform", "network", "implementation"]
    a.append("      <costs %s/>" % " ".join('%s="%s"' % (k_, money(v)) for k_, v in zip(keys, items)))
    desc = description(company, platform, systems, [FACTORS[i] for i in factors])
    if n == 1:  # HN-2019-002: a long description (close to the 1,000-字 limit) to split the form
        parts = [desc]
        for k, lead in enumerate(["一是生产过程上云。", "二是经营管理上云。", "三是产品服务上云。",
                                  "四是安全与运维保障。", "五是推广应用。"]):
            parts.append(lead + "在%s基础上，建设%s，实现%s，%s。" % (
                R.choice(["原有信息系统", "车间级网络", "边缘计算节点", "企业数据中心"]),
                "、".join(R.sample(SYSTEMS, 2)),
                R.choice(["订单、计划、物料和质量数据的实时贯通", "关键设备运行状态的在线监测和预测性维护",
                          "供应商、客户和服务商在平台上的协同", "能耗数据按产线、班组和产品的精细化核算"]),
                "项目完成后相关环节效率提升%d%%，人工干预减少%d%%，数据采集及时率达到%d%%" % (
                    R.randint(10, 40), R.randint(20, 60), R.randint(95, 99))))
        desc = "".join(parts)
        assert len(desc) <= 1000, len(desc)

    a.append("      <description>%s</description>" % escape(desc))
    for i in factors:
        a.append("      <factor>%s</factor>" % FACTORS[i])
    a.append("    </project>")

    # 二、三、四: some applicants leave sections to the form's guidance text
    if n % 4 != 2:
        a.append("    <narrative>")
        a.append("      <overview>%s成立于%d年，是%s的%s企业，现有员工%d人。\n\n公司设有研发中心、智能制造部和信息中心，财务状况良好，近两年营业收入保持增长。</overview>" % (
            escape(company), R.randint(1992, 2015), R.choice(["民营控股", "国有控股", "中外合资", "股份制"]),
            escape(industry if industry != "其他" else "新材料"), R.randint(150, 6000)))
        a.append("      <technology>公司拥有省级企业技术中心，研发人员%d人，累计获得授权专利%d项，其中发明专利%d项，软件著作权%d项。</technology>" % (
            R.randint(20, 600), R.randint(20, 400), R.randint(3, 80), R.randint(2, 60)))
        if n % 4 != 1:
            a.append("      <advantages>公司在%s领域具有较强的技术和市场优势，已建成覆盖主要业务的信息化系统，为上云上平台打下基础。</advantages>" % escape(industry))
        a.append("      <content>项目建设内容包括：%s上云部署；设备联网与数据采集；基于平台的工业应用开发。</content>" % escape("、".join(systems)))
        a.append("      <team>项目由公司总经理任组长，信息中心牵头，生产、技术、财务部门和平台服务商共%d人组成实施团队，分工明确。</team>" % R.randint(12, 80))
        a.append("      <investment>近两年项目总投入%s万元，全部为企业自筹资金。</investment>" % money(total))
        if n % 4 != 3:
            a.append("      <innovation>项目攻克了多品牌设备协议解析、边缘侧数据实时处理等技术难点，创新采用“云端建模、边缘执行”的模式。</innovation>")
        a.append("      <effects>项目投用后，生产效率提升%d%%，运营成本降低%d%%，产品质量和交付能力明显提高。</effects>" % (R.randint(12, 35), R.randint(8, 25)))
        a.append("      <demonstration>项目经验已在%s行业内%d家企业推广应用，示范带动作用明显。</demonstration>" % (escape(industry), R.randint(3, 30)))
        a.append("    </narrative>")
    att = ["license", "audit", "contracts", "honour-proofs"]
    have = [x for x in att if R.random() < 0.85 or x == "license"]
    a.append("    <attachments>")
    for x in have:
        a.append("      <%s/>" % x)
    if n % 5 == 0:
        a.append("      <other>上年度纳税证明、企业经营业务列表及企业简介</other>")
    a.append("    </attachments>")
    decision = "admitted" if n % 7 not in (3, 5) else ("rejected" if n % 7 == 3 else "pending")
    a.append("    <review>")
    a.append('      <city-opinion date="2019-09-%02d">经审核，该企业申报材料真实、完整，符合申报条件，同意推荐。</city-opinion>' % R.randint(2, 12))
    a.append("      <decision>%s</decision>" % decision)
    a.append("    </review>")
    a.append("  </applicant>")
    return "\n".join(a)


def main():
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           "<!-- Generated by tools/gen-hunan-2019.py: a fictional 2019 round of the",
           "     湖南省“上云上平台”标杆企业 program. Do not edit; edit the generator. -->",
           '<review-round program="hunan-cloud" year="2019" round="1">']
    n = 0
    for city, count, place, districts in CITIES:
        for i in range(count):
            district, region = districts[i % len(districts)]
            kind = "org" if n in (6, 17, 29) else "credit"  # three still give the 9-character code
            out.append(applicant(n, city, place, district, region, kind))
            n += 1
    out.append("</review-round>")
    print("\n".join(out))


main()
