#!/usr/bin/env python3
"""Generates samples/fujian-2024.xml: a fictional but realistic 2024 round of the
福建省省级新一代信息技术与制造业融合发展项目 (program fujian-fusion, seed 001). Deterministic:
    python3 tools/gen-fujian-2024.py > samples/fujian-2024.xml
48 applicants over the five categories, from the nine 设区市 and 平潭综合实验区. Every applicant
meets the 申报条件 (the program's rules), so the round validates; cities turn some down in 初审
for reasons a rule cannot see. Companies, people and codes are invented; credit codes carry
correct GB 32100-2015 check characters (same algorithm as src/input/values.c)."""
import os
import random
import re
import sys
from xml.sax.saxutils import escape

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gbcode import random_credit_code  # noqa: E402  GB 32100/11714 checks

R = random.Random(2024)
YEAR = 2024

def credit_code(region):
    return random_credit_code(R, region, 0.75)


# city: (districts with their 行政区划代码, local industries)
CITIES = {
    "福州市": ([("鼓楼区", "350102"), ("仓山区", "350104"), ("马尾区", "350105"), ("长乐区", "350112"),
              ("闽侯县", "350121"), ("福清市", "350181")], ["电子信息", "纺织化纤", "冶金"]),
    "厦门市": ([("思明区", "350203"), ("海沧区", "350205"), ("湖里区", "350206"), ("集美区", "350211"),
              ("翔安区", "350213")], ["电子信息", "软件", "机械装备"]),
    "泉州市": ([("丰泽区", "350503"), ("晋江市", "350582"), ("石狮市", "350581"), ("南安市", "350583"),
              ("惠安县", "350521")], ["纺织鞋服", "石油化工", "建材"]),
    "漳州市": ([("芗城区", "350602"), ("龙海区", "350604"), ("长泰区", "350605"), ("漳浦县", "350623")],
             ["食品", "钢铁", "家具"]),
    "莆田市": ([("城厢区", "350302"), ("涵江区", "350303"), ("荔城区", "350304"), ("仙游县", "350322")],
             ["鞋服", "工艺美术", "电子信息"]),
    "三明市": ([("三元区", "350404"), ("沙县区", "350405"), ("永安市", "350481")], ["冶金", "新材料", "林产"]),
    "南平市": ([("延平区", "350702"), ("建阳区", "350703"), ("邵武市", "350781")], ["食品", "竹木", "新材料"]),
    "龙岩市": ([("新罗区", "350802"), ("上杭县", "350823"), ("漳平市", "350881")], ["机械装备", "有色金属", "环保设备"]),
    "宁德市": ([("蕉城区", "350902"), ("福安市", "350981"), ("福鼎市", "350982")], ["锂电新能源", "不锈钢", "电机电器"]),
    "平潭综合实验区": ([("平潭综合实验区", "350128")], ["软件", "海洋产业", "电子信息"]),
}
PLACE = {"平潭综合实验区": "平潭"}

# how many applicants each city sends, in file order: 48 in all
PLAN = [("福州市", 8), ("厦门市", 7), ("泉州市", 8), ("漳州市", 5), ("莆田市", 4), ("三明市", 3),
        ("南平市", 3), ("龙岩市", 3), ("宁德市", 4), ("平潭综合实验区", 3)]

TRADE = """闽翔 榕盛 鹭芯 海辰 嘉禾 泉顺 星网 汇智 鼎信 融创 博远 恒通 凯瑞 金瓯 岚峰 华闽 鑫源 宏图 瑞达 天诚
致远 海峡 东南 武夷 清源 九龙 云联 智谷 聚能 长福 丰泰 盛华 闽江 宁川 鹭岛 刺桐 八闽 榕城 海丝 翔云
中瑞 冠捷 合众 弘毅 德润 永耀 源泰 锦华 安顺 同创 启明 新联""".split()

SUFFIX = {  # industry: (company suffix, 申报主体类型)
    "电子信息": ("电子科技有限公司", "工业企业"), "纺织化纤": ("化纤科技股份有限公司", "工业企业"),
    "冶金": ("冶金集团有限公司", "工业企业"), "软件": ("信息技术有限公司", "信息技术企业"),
    "机械装备": ("智能装备股份有限公司", "工业企业"), "纺织鞋服": ("鞋服有限公司", "工业企业"),
    "石油化工": ("石化有限公司", "工业企业"), "建材": ("新型建材有限公司", "工业企业"),
    "食品": ("食品股份有限公司", "工业企业"), "钢铁": ("钢铁有限公司", "工业企业"),
    "家具": ("家居有限公司", "工业企业"), "鞋服": ("鞋业有限公司", "工业企业"),
    "工艺美术": ("工艺品有限公司", "工业企业"), "新材料": ("新材料股份有限公司", "工业企业"),
    "林产": ("林产工业有限公司", "工业企业"), "竹木": ("竹业科技有限公司", "工业企业"),
    "有色金属": ("有色金属有限公司", "工业企业"), "环保设备": ("环保科技股份有限公司", "工业企业"),
    "锂电新能源": ("新能源科技有限公司", "工业企业"), "不锈钢": ("不锈钢有限公司", "工业企业"),
    "电机电器": ("电机有限公司", "工业企业"), "海洋产业": ("海洋科技有限公司", "工业企业"),
}

# 48 categories in a fixed mix: 10 platforms, 12 benchmarks (4 of them 5G全连接工厂), 10 scenarios,
# 6 identifier nodes, 10 industrial apps
CATS = (["工业互联网平台"] * 10 + ["标杆企业"] * 12 + ["应用场景"] * 10 + ["标识解析"] * 6
        + ["工业APP优秀解决方案"] * 10)
R.shuffle(CATS)

SURNAMES = "陈林黄张吴郑王李刘蔡杨许洪谢曾庄苏周叶游翁".replace("", " ").split()
GIVEN = ["志明", "建华", "丽娟", "国强", "晓东", "文斌", "秀英", "海燕", "振宇", "宏伟", "雅琴", "少华",
         "金龙", "淑芬", "永福", "清泉", "慧敏", "明辉", "丽萍", "锦添"]
EXPERTS = [("陈伟民", "教授", "福州大学"), ("林晓峰", "教授级高工", "中国电信福建公司"),
           ("黄丽华", "研究员", "福建省电子信息集团"), ("郑志坚", "副教授", "厦门大学"),
           ("吴国栋", "高级工程师", "福建省工业互联网研究院"), ("蔡明亮", "正高级会计师", "福建华兴会计师事务所"),
           ("许建国", "教授", "华侨大学"), ("王芳", "高级工程师", "中国信息通信研究院泉州分院")]


def person():
    return R.choice(SURNAMES) + R.choice(GIVEN)


PROJECTS = {
    "工业互联网平台": ["{place}{ind}行业工业互联网平台", "面向{ind}产业集群的工业互联网平台",
                "{ind}设备健康管理工业互联网平台"],
    "标杆企业": ["{ind}智能工厂数字化转型项目", "{ind}全流程数字化管理标杆项目", "{ind}个性化定制智能制造项目"],
    "应用场景": ["{ind}生产质量智能检测应用场景", "{ind}供应链协同数字化应用场景", "{ind}设备预测性维护应用场景"],
    "标识解析": ["工业互联网标识解析{ind}行业二级节点集成创新应用"],
    "工业APP优秀解决方案": ["{ind}生产排程优化工业APP", "{ind}能耗管理工业APP", "{ind}质量追溯工业APP",
                      "{ind}设备运维工业APP"],
}
CHALLENGES = ["纺织印染工艺参数智能寻优", "鞋服柔性生产线快速换产", "食品生产过程质量在线检测",
              "锂电池极片缺陷视觉检测", "不锈钢冶炼能耗优化", "建材窑炉燃烧智能控制",
              "机械加工刀具寿命预测", "电机装配线数字孪生", "化纤纺丝断头在线预警", "家具板材智能排料"]


def texts(cat, ind, name, long=False):
    """The applicant's 创新性, 有效性, 示范性 paragraphs (about 100-200 characters each)."""
    n = R.randint
    inn = {
        "工业互联网平台": f"平台面向{ind}行业，具备设备接入、工业大数据处理和工业机理模型开发部署能力，已沉淀行业机理模型{n(20, 90)}个、"
                     f"微服务组件{n(60, 300)}个，拥有发明专利{n(3, 15)}项、软件著作权{n(10, 60)}项，部署了数据安全防护模块。",
        "标杆企业": f"企业围绕{ind}生产全流程，融合5G、工业互联网、人工智能等新一代信息技术，建成覆盖研发设计、生产制造、"
                f"仓储物流和经营管理的数字化体系，实现{n(5, 9)}个关键环节的场景应用。",
        "应用场景": f"项目面向{ind}行业共性痛点开展攻关验证，融合机器视觉、边缘计算与工业机理模型，形成可复制的解决方案，"
                f"已申请发明专利{n(2, 8)}项、登记软件著作权{n(3, 12)}项。",
        "标识解析": f"二级节点支持数据智能关联，在{ind}行业开展产品追溯、供应链管理和设备运维管理等创新应用，"
                f"具备业务串联集成增值服务能力，接入企业信息系统{n(40, 160)}个。",
        "工业APP优秀解决方案": f"该工业APP拥有自主知识产权，采用微服务架构和低代码配置，在{ind}企业生产制造和运营维护环节"
                        f"形成具有行业特色的创新经验，已登记软件著作权{n(3, 15)}项。",
    }[cat]
    eff = (f"项目实施后，应用企业生产效率提高{n(12, 35)}%，运营成本降低{n(8, 25)}%，产品不良率降低{n(10, 40)}%，"
           f"能源利用率提高{n(5, 18)}%，用户评价良好。")
    dem = (f"项目形成的{ind}行业解决方案已在省内{n(5, 60)}家企业复制推广，具有较强的借鉴价值，"
           f"可为同行业中小企业数字化转型提供参考。")
    if long:  # one long text so the 申报书 breaks a page inside a criterion
        inn += "".join(
            f"{k}是{t}。" for k, t in zip("一二三四五六", [
                "建成覆盖全厂的工业互联网标识解析体系，实现原材料、在制品和成品的一物一码",
                "以数字孪生技术重构生产线，仿真验证工艺参数，新产品导入周期由三个月缩短到一个月",
                "基于机器视觉的质量检测替代人工目检，缺陷检出率达到百分之九十九以上",
                "建设企业级数据中台，打通研发、生产、销售、服务各环节数据，支撑管理层实时决策",
                "通过5G专网实现移动设备、AGV和巡检机器人的低时延控制",
                "建立网络安全和数据安全防护体系，通过等级保护三级测评"]))
        inn += ("项目实施分三个阶段：第一阶段完成需求调研、总体设计和网络改造；第二阶段完成平台开发、设备联网和数据治理，"
                "打通设计、生产、质量、仓储、销售等业务系统；第三阶段开展试运行和优化完善，形成可复制推广的行业解决方案。"
                "项目团队由企业信息中心、生产技术部和合作高校共同组成，核心成员均有十年以上行业经验，"
                "已与省内科研院所建立产学研合作关系，共同开展工业机理模型和工业大数据分析方法研究。") * 2
    return inn, eff, dem


def figures(cat, seq, ind):
    n = R.randint
    if cat == "工业互联网平台":
        track = "持续赋能" if seq % 4 == 1 else "省级示范平台"
        ptype = R.choice(["跨行业跨领域综合型", "特色型", "特色型", "专业型"])
        if seq % 3 == 0:  # the other way to qualify: few enterprises, many devices
            ce, cd = n(40, 100), n(12000, 80000)
        else:
            ce, cd = n(120, 900), n(3000, 60000)
        return (f'<platform type="{ptype}" track="{track}" connected-enterprises="{ce}" connected-devices="{cd}" '
                f'new-enterprises="{n(100, 260)}" apps="{n(30, 400)}" ip="{n(8, 60)}"/>')
    if cat == "标杆企业":
        if seq % 3 == 0:
            return (f'<benchmark type="5G全连接工厂" key-links="{n(5, 10)}" efficiency="{n(15, 40)}" '
                    f'cost="{n(8, 25)}" defects="{n(10, 45)}" energy="{n(5, 20)}"/>')
        t = R.choice(["平台化设计", "智能化制造", "数字化管理", "个性化定制", "网络化协同", "服务化延伸"])
        return (f'<benchmark type="{t}" efficiency="{n(12, 35)}" cost="{n(8, 25)}" defects="{n(10, 40)}" '
                f'energy="{n(5, 18)}"/>')
    if cat == "应用场景":
        return (f'<scenario challenge="{R.choice(CHALLENGES)}" months="{R.choice([6, 8, 10, 12, 12])}" '
                f'user="{R.choice(TRADE)}{ind}企业" ip="{n(2, 12)}"/>')
    if cat == "标识解析":
        return (f'<identifier node="工业互联网标识解析（{ind}）二级节点" industry="{ind}" enterprises="{n(320, 1500)}" '
                f'registrations="{n(32, 400) * 1000000 + n(0, 999999)}" '
                f'resolutions="{n(105, 900) * 1000000 + n(0, 999999)}"/>')
    t = R.choice(["安全可靠工业APP", "基础共性工业APP", "行业通用工业APP", "企业专用工业APP"])
    return f'<app type="{t}" field="{ind}" users="{n(5, 300)}" ip="{n(2, 20)}"/>'


NOT_RECOMMENDED = [
    "项目尚未建成投用，应用成效无法量化，不符合“项目已经建成”的申报要求。",
    "申报材料缺少用户使用评价证明，经通知后逾期未补充。",
    "同一项目已申报国家级同类项目并获支持，属重复申报。",
]
REJECTED_OPINION = "项目创新点不够突出，与同行业已有方案差异化不明显，投入产出比有待提高，建议继续培育。"


def main():
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           "<!-- Sample review round: 福建省省级新一代信息技术与制造业融合发展项目, 2024. Fictional companies,",
           "     people and codes (with correct GB 32100-2015 check characters). Generated by",
           "     tools/gen-fujian-2024.py; see samples/README.md. -->",
           f'<review-round program="fujian-fusion" year="{YEAR}" round="1">']
    a = out.append
    trades = iter(R.sample(TRADE, len(TRADE)))
    seq = 0
    for city, count in PLAN:
        districts, industries = CITIES[city]
        place = PLACE.get(city, city[:-1])
        for k in range(count):
            cat = CATS[seq]
            seq += 1
            ind = industries[k % len(industries)]
            if cat == "应用场景" and ind in ("软件", "海洋产业"):
                ind = "电子信息"
            suffix, kind = SUFFIX[ind]
            if cat == "工业APP优秀解决方案" and seq % 2:
                suffix, kind = "软件有限公司", "软件和信息技术服务业企业"
            if cat == "标识解析":
                suffix, kind = "工业互联网科技有限公司", "标识解析建设运营单位"
            district, region = R.choice(districts)
            name = place + next(trades) + suffix
            pname = R.choice(PROJECTS[cat]).format(place=place, ind=ind)
            # 上一年度营业收入 in 万元, above the category's threshold (工业APP has none)
            floor = {"标杆企业": 10000, "工业APP优秀解决方案": 800}.get(cat, 3000)
            revenue = round(floor * R.uniform(1.05, 12), 1)
            if seq == 7:
                revenue = 3000.0  # exactly the threshold: admitted ("不少于")
            aid = f"FJ-{YEAR}-{seq:03d}"
            a(f'  <applicant id="{aid}" city="{city}">')
            a("    <enterprise>")
            a(f"      <name>{escape(name)}</name>")
            a(f"      <credit-code>{credit_code(region)}</credit-code>")
            a("      <legal-person>yes</legal-person>")
            a(f"      <kind>{kind}</kind>")
            street = R.choice(["工业路", "科技大道", "创业路", "滨海大道", "东环路", "高新路", "湖滨路"])
            where = district if district == city else city + district
            a(f"      <address>福建省{where}{street}{R.randint(1, 399)}号</address>")
            a(f"      <representative>{person()}</representative>")
            if seq % 12 != 5:
                mobile = "13" + "".join(R.choice("0123456789") for _ in range(9))
                area = {"福州市": "0591", "厦门市": "0592", "莆田市": "0594", "三明市": "0598", "泉州市": "0595",
                        "漳州市": "0596", "南平市": "0599", "龙岩市": "0597", "宁德市": "0593"}.get(city, "0591")
                a(f'      <contact name="{person()}" title="{R.choice(["信息中心主任", "总经理助理", "项目经理", "技术总监"])}" '
                  f'phone="{area}-{R.randint(22000000, 88999999)}" mobile="{mobile}" email="fj{seq:03d}@example.cn"/>')
            a(f'      <revenue year="{YEAR - 1}">{revenue}</revenue>')
            a("    </enterprise>")
            a("    <compliance>")
            a("      <abnormal-operation>no</abnormal-operation>")
            a("      <dishonest>no</dishonest>")
            a("      <organised-crime>no</organised-crime>")
            a("    </compliance>")
            invest = round(R.uniform(300, 8000), 1)
            a(f'    <project category="{cat}" investment="{invest}">')
            a(f"      <name>{escape(pname)}</name>")
            a(f"      <summary>{escape(name)}实施{escape(pname)}，总投资{invest}万元，"
              f"聚焦{ind}行业数字化转型的痛点难点，以新一代信息技术赋能研发、生产、管理和服务全流程。</summary>")
            inn, eff, dem = texts(cat, ind, name, long=(seq == 10))
            fig = figures(cat, seq, ind)
            links = re.search(r'key-links="(\d+)"', fig)
            if links:  # the text says what the figures say
                inn = re.sub(r"实现\d+个关键环节", f"实现{links.group(1)}个关键环节", inn)
            a(f"      <innovation>{inn}</innovation>")
            a(f"      <effectiveness>{eff}</effectiveness>")
            a(f"      <demonstration>{dem}</demonstration>")
            a("      " + fig)
            a("    </project>")
            # review: a few wait for the city; most recommended; some not; then experts and decision
            stage = "none" if seq % 16 == 15 else "not" if seq % 9 == 4 else "city" if seq % 13 == 12 else "full"
            if stage != "none":
                a("    <review>")
                day = f"{YEAR}-05-{R.randint(13, 24):02d}"
                if stage == "not":
                    a(f'      <city-opinion recommend="不推荐" date="{day}">{R.choice(NOT_RECOMMENDED)}</city-opinion>')
                    a("      <decision>rejected</decision>")
                else:
                    a(f'      <city-opinion recommend="推荐" date="{day}">'
                      f'{R.choice(["经初审，申报主体资格符合要求，材料齐全，同意推荐。", "同意推荐。", "该项目成效明显，同意推荐。"])}</city-opinion>')
                    if stage == "full":
                        decision = "rejected" if seq % 7 == 3 else "pending" if seq % 11 == 8 else "admitted"
                        method = R.choice(["专家评审", "专家评审", "现场核查", "演示察看"])
                        a(f'      <expert-review method="{method}" date="{YEAR}-07-{R.randint(8, 26):02d}">')
                        good = decision != "rejected"
                        s1 = R.randint(22, 29) if good else R.randint(12, 19)
                        s2 = R.randint(30, 38) if good else R.randint(18, 27)
                        s3 = R.randint(22, 29) if good else R.randint(12, 19)
                        a(f'        <innovation score="{s1}">' + ("创新应用内容先进，技术路线清晰。" if good else "创新点不突出。") + "</innovation>")
                        a(f'        <effectiveness score="{s2}">' + ("成效可量化、可对比，数据可信。" if good else "成效数据支撑不足。") + "</effectiveness>")
                        a(f'        <demonstration score="{s3}">' + ("在行业内具有较好的复制推广价值。" if good else "推广价值有限。") + "</demonstration>")
                        a("        <opinion>" + ("专家组一致同意推荐入选。" if good else REJECTED_OPINION) + "</opinion>")
                        for name_, title, unit in R.sample(EXPERTS, R.choice([3, 3, 5])):
                            a(f'        <expert name="{name_}" title="{title}" unit="{unit}"/>')
                        a("      </expert-review>")
                        a(f"      <decision>{decision}</decision>")
                    else:
                        a("      <decision>pending</decision>")
                a("    </review>")
            a("  </applicant>")
    a("</review-round>")
    print("\n".join(out))


if __name__ == "__main__":
    main()
