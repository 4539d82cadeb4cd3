#!/usr/bin/env python3
"""Generates samples/xuchang-2022.xml: a fictional but realistic 2022 Xuchang review round
(许昌市“新一代信息技术重点企业、重点项目”库). Deterministic; run it again after editing:
    python3 samples/gen-xuchang-2022.py > samples/xuchang-2022.xml
Company names, people and codes are invented; credit codes carry correct check characters."""
import os
import random
import re
import sys
from xml.sax.saxutils import escape, quoteattr

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from gbcode import random_credit_code  # noqa: E402  GB 32100/11714 checks

R = random.Random(2022)

def credit_code(region):
    return random_credit_code(R, region, 0.7)  # codes issued since 2015: organisation part starts with MA


COUNTIES = [  # name, region code, count, place prefix, typical industries
    ("魏都区", "411002", 8, "许昌", ["发制品", "软件和信息技术服务", "电子商务"]),
    ("建安区", "411003", 7, "许昌", ["发制品", "汽车零部件", "食品加工"]),
    ("禹州市", "411081", 7, "禹州市", ["钧瓷", "中药材加工", "铸造"]),
    ("长葛市", "411082", 8, "长葛市", ["超硬材料", "再生金属", "卫浴陶瓷", "输变电设备"]),
    ("鄢陵县", "411024", 5, "鄢陵县", ["花木", "食品加工"]),
    ("襄城县", "411025", 6, "襄城县", ["硅碳新材料", "煤化工", "新能源"]),
    ("示范区", "411000", 4, "许昌", ["电力装备", "智能装备"]),
    ("东城区", "411000", 3, "许昌", ["软件和信息技术服务", "现代物流"]),
]

TRADE_NAMES = """智云 瑞发 金阳 恒达 鼎新 云创 华钧 宏泰 远航 博瑞 锦程 天择 汇通 德润 聚信 润泽 铭科 昊天
星火 嘉禾 安泰 龙腾 佳源 同创 信达 恒信 盛世 万里 九州 凯瑞 豫星 新能 瀚海 长青 绿源 正和 天诚 慧联
众合 弘毅 德馨 华芯 喆远 堃鹏 珺瑶 明远 启航 中钰 泓润 立信""".split()

INDUSTRY_NAME = {  # 所属行业 as on 附件1, company-name suffix, main business
    "发制品": ("其他制造业", "发制品有限公司", "假发、发条及发制品的研发、生产与销售"),
    "软件和信息技术服务": ("软件和信息技术服务业", "信息技术有限公司", "工业软件研发、系统集成与运维服务"),
    "电子商务": ("互联网和相关服务", "网络科技有限公司", "跨境电子商务平台运营与供应链服务"),
    "汽车零部件": ("汽车制造业", "汽车零部件有限公司", "汽车制动系统与底盘零部件制造"),
    "食品加工": ("农副食品加工业", "食品有限公司", "速冻食品、休闲食品的生产与销售"),
    "钧瓷": ("非金属矿物制品业", "钧瓷文化有限公司", "钧瓷艺术品与日用陶瓷的设计、烧制与销售"),
    "中药材加工": ("医药制造业", "药业有限公司", "中药饮片与中药配方颗粒的生产"),
    "铸造": ("通用设备制造业", "机械铸造有限公司", "精密铸件与机械零部件的铸造加工"),
    "超硬材料": ("非金属矿物制品业", "超硬材料有限公司", "金刚石微粉、立方氮化硼及超硬刀具制造"),
    "再生金属": ("废弃资源综合利用业", "再生资源有限公司", "废旧金属回收、分拣与再生利用"),
    "卫浴陶瓷": ("非金属矿物制品业", "卫浴有限公司", "智能马桶与陶瓷卫浴产品制造"),
    "输变电设备": ("电气机械和器材制造业", "电气有限公司", "开关柜、箱式变电站及配电自动化设备制造"),
    "花木": ("农业", "园林科技有限公司", "花卉苗木培育、园林工程与花木电商"),
    "硅碳新材料": ("化学原料和化学制品制造业", "新材料有限公司", "碳化硅、石墨负极材料的研发与生产"),
    "煤化工": ("化学原料和化学制品制造业", "化工有限公司", "焦炭及煤焦油深加工产品生产"),
    "新能源": ("电力、热力生产和供应业", "新能源科技有限公司", "分布式光伏电站建设与运营"),
    "电力装备": ("电气机械和器材制造业", "电力装备有限公司", "继电保护装置与智能变电站设备研发制造"),
    "智能装备": ("专用设备制造业", "智能装备有限公司", "工业机器人集成与智能产线装备"),
    "现代物流": ("交通运输、仓储和邮政业", "供应链管理有限公司", "城乡冷链物流与智慧仓储服务"),
}

DIRECTIONS = ["工业互联网平台", "5G产业链融合创新", "服务型制造", "新一代信息技术融合"]

PROJECT_NAME = {
    "工业互联网平台": ["面向{ind}行业的工业互联网平台", "{ind}产业集群工业互联网平台建设项目",
                "{ind}设备健康管理工业互联网平台"],
    "5G产业链融合创新": ["5G+{ind}智能工厂建设项目", "基于5G专网的{ind}生产线远程运维项目",
                   "5G边缘计算在{ind}质量检测中的应用"],
    "服务型制造": ["{ind}全生命周期管理服务平台", "{ind}共享制造服务平台建设项目", "{ind}个性化定制服务项目"],
    "新一代信息技术融合": ["{ind}数字化车间建设项目", "{ind}企业数字化管理提升项目", "{ind}网络化协同制造项目"],
}

SUMMARY = {
    "工业互联网平台": [
        "项目围绕{ind}行业研发设计、生产制造、经营管理和产品服务等环节，建设面向行业的工业互联网平台。",
        "平台采用“边缘层—IaaS—PaaS—SaaS”四层架构，部署工业数据采集网关{n1}台，接入关键设备{n2}台套，实现设备状态、工艺参数和能耗数据的实时采集与汇聚。",
        "在平台层建设工业机理模型库、工业微服务资源池和{ind}行业知识图谱，沉淀工艺模型{n3}个、微服务组件{n4}个。",
        "在应用层开发设备健康管理、生产管理优化、供应链协同和质量追溯等SaaS应用，面向产业链上下游中小企业开放，计划服务企业{n5}家。",
        "项目依托工业标识解析二级节点，为产品赋予唯一身份标识，打通原材料采购、生产加工、仓储物流和售后服务的数据链条。",
        "平台同步建设网络安全防护体系，按照等级保护三级要求开展安全建设，保障工业数据安全可控。",
    ],
    "5G产业链融合创新": [
        "项目以5G技术与{ind}生产场景深度融合为主线，与基础电信运营商合作建设5G行业虚拟专网，在厂区部署5G室分基站{n1}个。",
        "依托5G大带宽、低时延特性，部署机器视觉质量检测、AGV智能物流、远程设备运维和AR辅助装配等应用场景。",
        "建设5G边缘计算节点，将视觉检测模型下沉至车间，检测时延由{n3}毫秒降至20毫秒以内，单条产线检测效率提升{n4}%。",
        "项目配套研发5G工业模组适配网关，兼容主流PLC和数控系统通信协议，已完成{n2}台关键设备的5G化改造。",
        "项目建成后形成可复制推广的“5G+{ind}”解决方案，为全市同行业企业提供示范。",
    ],
    "服务型制造": [
        "项目立足企业在{ind}领域的产品与技术优势，推动企业由单纯提供产品向提供“产品+服务”整体解决方案转变。",
        "建设覆盖设计、制造、交付、运维全过程的服务平台，为客户提供个性化定制、远程在线监测、预测性维护和备品备件管理等服务。",
        "平台已接入在役产品{n2}台套，累计形成设备运行数据{n3}万条，故障预警准确率达到{n4}%以上。",
        "通过共享制造模式，企业将富余的检测设备和加工产能向周边{n5}家中小企业开放，提高区域制造资源利用效率。",
        "项目同步建立客户服务中心和技术服务团队，服务收入占企业营业收入的比重逐年提高。",
    ],
    "新一代信息技术融合": [
        "项目按照智能制造能力成熟度模型的要求，对企业{ind}生产线进行数字化、网络化改造。",
        "部署企业资源计划（ERP）、制造执行系统（MES）、仓储管理系统（WMS）和产品数据管理系统（PDM），实现设计、生产、仓储、销售等环节的数据贯通。",
        "新增数控加工中心、工业机器人和自动导引车（AGV）共{n2}台套，建设自动化立体仓库一座，库位{n1}个。",
        "建设企业数据资源池和生产指挥中心，对人员、设备、物料和环境数据进行分析利用，实现生产计划排程优化和质量问题闭环管理。",
        "项目实施后，企业智能制造能力成熟度预计由二级规范级提升至三级集成级。",
    ],
}

GOALS = [
    "项目计划总投资{inv}万元，建设周期两年。到2023年底，完成平台（系统）建设并投入运行，关键设备联网率达到{p1}%以上；"
    "生产效率提高{p2}%，产品不良品率降低{p3}%，运营成本降低{p4}%。项目对推动{ind}行业数字化转型、培育本地新一代信息技术"
    "产业生态具有重要意义。",
    "目标：一是建成覆盖企业主要生产环节的数字化管理体系；二是形成{ind}行业可复制、可推广的应用模式；三是培养一支{n}人以上的"
    "数字化专业技术团队。任务：完成网络改造、系统部署、数据治理和应用推广。意义：带动产业链上下游企业协同发展，提升许昌"
    "{ind}产业整体竞争力。",
]

EFFECTS = [
    "项目一期已上线运行，设备综合效率（OEE）由{p1}%提升至{p5}%，订单交付周期缩短{p2}%，年节约能源费用约{n}万元。"
    "平台已服务本地企业{m}家，获得用户普遍好评。",
    "项目部分应用已在企业两条生产线投入使用：人工质检岗位减少{m}个，产品一次合格率提高{p3}个百分点，库存周转率提高{p2}%，"
    "新增服务性收入{n}万元。",
    "项目目前处于建设阶段，已完成网络改造和主要设备采购，预计2022年底前完成系统联调。",
]

SURNAMES = "王 李 张 刘 陈 杨 赵 黄 周 吴 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹".split()
GIVEN = "建国 志强 丽 敏 伟 芳 军 洋 勇 艳 杰 娟 涛 明 超 秀兰 霞 平 刚 桂英 晓东 海燕 建华 文博 思远 雨桐 子涵 浩然 欣怡 宇航".split()
RARE_PEOPLE = ["王䶮", "李堃", "张喆", "刘珺", "陈堃", "赵喆"]
TITLES = ["总经理", "董事长", "董事长、高级工程师", "总经理、工程师", "执行董事", "董事长、高级经济师"]
CONTACT_TITLES = ["总经理助理", "办公室主任", "信息中心主任", "技术部经理", "综合部部长", "财务总监"]
NATURES = ["民营企业"] * 7 + ["国有企业", "外商投资企业", "混合所有制企业"]
HONORS = [("国家级", "国家级专精特新“小巨人”企业"), ("国家级", "国家级服务型制造示范企业"),
          ("省级", "河南省服务型制造示范企业"), ("省级", "河南省智能工厂"), ("省级", "河南省智能车间"),
          ("省级", "河南省“专精特新”中小企业"), ("省级", "河南省工业互联网平台"),
          ("省级", "河南省企业技术中心"), ("国家级", "国家高新技术企业"), ("省级", "河南省5G应用示范项目")]
EXPERTS = ["王志强", "赵丽", "孙国华", "钱立新", "周海峰", "吴晓明", "郑卫东", "冯珺", "陈建设", "褚红梅"]


def person():
    return R.choice(SURNAMES) + R.choice(GIVEN)


def fill(t, ind):
    return t.format(ind=ind, n1=R.randint(20, 300), n2=R.randint(30, 900), n3=R.randint(40, 200),
                    n4=R.randint(15, 95), n5=R.randint(30, 400), inv=R.choice([1200, 1500, 2300, 3000, 5600, 860]),
                    p1=R.randint(60, 75), p2=R.randint(10, 35), p3=R.randint(5, 30), p4=R.randint(8, 20),
                    p5=R.randint(80, 92), n=R.randint(20, 400), m=R.randint(5, 60))


def summary(direction, ind, long=False):
    sents = SUMMARY[direction]
    if not long:
        k = R.randint(4, len(sents))
        return "".join(fill(s, ind) for s in sents[:k])
    # the long one: every direction's sentences, in paragraphs, with background and plans
    paras = ["一、项目背景\n" + "许昌市是全国重要的" + ind + "产业基地，产业链条完整，但多数中小企业仍以人工经验组织生产，"
             "设备联网率低、数据孤岛多、质量追溯难，迫切需要以新一代信息技术推动转型升级。本企业在行业内深耕二十余年，"
             "具备较强的技术积累和客户基础，承担本项目具有良好条件。"]
    for i, d in enumerate(DIRECTIONS):
        paras.append("二三四五"[i] + "、" + d + "建设内容\n" + "".join(fill(s, ind) for s in SUMMARY[d]))
    paras.append("六、组织保障与进度安排\n" + "企业成立由董事长任组长的项目领导小组，设立项目管理办公室，"
                 "与河南省内高校和科研院所共建联合实验室，聘请行业专家组成技术顾问团队。项目分三个阶段实施："
                 "第一阶段完成需求调研和总体设计，第二阶段完成网络改造、平台开发和设备部署，第三阶段开展试运行、"
                 "优化完善和推广应用。项目资金由企业自筹和银行贷款解决，资金来源可靠。")
    paras.append("七、预期效益\n" + "项目建成后，预计企业年新增销售收入八千万元以上，新增利税一千二百万元，新增就业岗位一百二十个；"
                 "通过平台向产业链上下游开放能力，预计带动本地配套企业二百余家实施数字化改造，降低中小企业数字化转型门槛。"
                 "项目形成的数据标准、接口规范和解决方案将向全市同行业推广，为许昌市建设先进制造业集群提供有力支撑。")
    paras.append("八、风险分析及应对措施\n" + "一是技术风险：工业现场设备品牌多、协议杂，数据采集难度较大。企业将采用多协议兼容的边缘网关，"
                 "并与设备厂商签订技术支持协议。二是市场风险：中小企业付费意愿不强。企业将采取“基础服务免费、增值服务收费”的模式，"
                 "逐步培育用户习惯。三是安全风险：平台汇聚大量企业数据，企业将严格落实网络安全等级保护制度，建立数据分级分类管理和"
                 "应急响应机制，确保数据安全。四是人才风险：企业将与许昌学院、许昌职业技术学院合作开展订单式人才培养，稳定核心团队。")
    text = "\n\n".join(paras)
    while len(text) < 3000:
        text += "\n\n" + "".join(fill(s, ind) for s in SUMMARY[R.choice(DIRECTIONS)])
    return text


def main():
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           "<!-- Sample review round: 许昌市“新一代信息技术重点企业、重点项目”库, 2022. Fictional companies,",
           "     people and codes (with correct GB 32100-2015 check characters). Generated by",
           "     samples/gen-xuchang-2022.py; see samples/README.md. -->",
           '<review-round program="xuchang-nit" year="2022" round="1">']
    seq = 0
    names = iter(R.sample(TRADE_NAMES, len(TRADE_NAMES)))
    rare = iter(RARE_PEOPLE)
    for county, region, count, place, industries in COUNTIES:
        for _ in range(count):
            seq += 1
            ind = industries[(seq * 7) % len(industries)]
            industry, suffix, business = INDUSTRY_NAME[ind]
            trade = next(names)
            name = place + trade + suffix
            if seq == 5:
                name = "许昌𠮷祥" + suffix  # 𠮷 U+20BB7, outside the BMP
            direction = DIRECTIONS[seq % 4]
            a = out.append
            a(f'  <applicant id="XC-2022-{seq:03d}" county="{county}">')
            a("    <enterprise>")
            a(f"      <name>{escape(name)}</name>")
            a(f"      <credit-code>{credit_code(region)}</credit-code>")
            a(f"      <industry>{industry}</industry>")
            street = R.choice(["学院路", "许继大道", "建安大道", "魏文路", "八一路", "新元大道", "尚德路", "永昌大道"])
            a(f"      <address>许昌市{county}{street}{R.randint(1, 999)}号</address>")
            if seq % 11 != 0:
                a(f"      <nature>{R.choice(NATURES)}</nature>")
            share = round(R.uniform(55, 99.5), 1)
            a(f'      <main-business share="{share}">{business}</main-business>')
            if seq % 13 != 0:
                cname = next(rare) if seq % 8 == 3 else person()
                mobile = "13" + "".join(R.choice("0123456789") for _ in range(9))
                a(f'      <contact name="{cname}" title="{R.choice(CONTACT_TITLES)}" '
                  f'phone="0374-{R.randint(2000000, 8999999)}"')
                a(f'               mobile="{mobile}" email="contact{seq:03d}@example.cn"/>')
            lname = "𠮷志远" if seq == 17 else person()
            a(f'      <leader name="{lname}" title="{R.choice(TITLES)}"/>')
            if seq % 9 != 4:  # a few young companies report no finance
                years = [2019, 2020, 2021] if seq % 6 == 0 else [2020, 2021]
                if seq % 10 == 7:
                    years.reverse()  # out of order in the file; the reader sorts them
                assets = R.uniform(3000, 90000)
                for y in years:
                    g = 1 + (y - 2020) * R.uniform(0.03, 0.2)
                    ta = assets * g
                    tl = ta * R.uniform(0.25, 0.6)
                    rev = ta * R.uniform(0.5, 1.2)
                    profit = rev * R.uniform(-0.02, 0.15)
                    tax = max(rev * R.uniform(0.02, 0.06), 0)
                    a(f'      <finance year="{y}" total-assets="{ta:.1f}" total-liabilities="{tl:.1f}"')
                    a(f'               revenue="{rev:.1f}" profit="{profit:.1f}" tax="{tax:.1f}"/>')
            for level, honor in R.sample(HONORS, R.choice([0, 0, 1, 1, 2, 3])):
                a(f'      <honor level="{level}" year="{R.choice([2019, 2020, 2021])}">{honor}</honor>')
            a("    </enterprise>")
            pname = R.choice(PROJECT_NAME[direction]).format(ind=ind)
            a(f'    <project direction="{direction}">')
            at_project = len(out) - 1
            a(f"      <name>{escape(pname)}</name>")
            a(f"      <summary>{escape(summary(direction, ind, long=(seq == 12)))}</summary>")
            goals = fill(R.choice(GOALS), ind) if seq % 7 != 6 else None
            if goals:
                a(f"      <goals>{escape(goals)}</goals>")
            if direction == "工业互联网平台":
                # 二（二）5: a platform's planned investment (万元), recorded by the office: the
                # goals' 计划总投资 when they state it, else one of the usual figures (no draw
                # from R, so the rest of the sample is unchanged)
                stated = re.search(r"计划总投资(\d+)万元", goals or "")
                inv = stated.group(1) if stated else str([1200, 1500, 2300, 3000, 5600][(seq // 4) % 5])
                out[at_project] = f'    <project direction="{direction}" investment="{inv}">'
            a(f"      <effects>{escape(fill(R.choice(EFFECTS), ind))}</effects>")
            a("    </project>")
            # review: some with nothing yet, some only the county's opinion, most complete
            stage = "none" if seq % 15 == 14 else "county" if seq % 8 == 6 else "full"
            if stage != "none":
                a("    <review>")
                a(f'      <county-opinion date="2022-03-{R.randint(8, 17):02d}">'
                  f'{R.choice(["同意推荐。", "该企业申报材料真实完整，符合入库条件，同意推荐。", "经审核，同意推荐该项目入库。"])}</county-opinion>')
                if stage == "full":
                    decision = R.choice(["admitted"] * 6 + ["rejected"] * 2 + ["pending"])
                    good = decision != "rejected"
                    a(f'      <on-site date="2022-04-{R.randint(1, 15):02d}">')
                    a("        <innovation>" + ("项目在" + ind + "行业具有较强的创新性，技术路线清晰，应用模式具有示范推广价值。" if good
                                               else "项目创新点不够突出，与行业现有方案相比差异化不明显。") + "</innovation>")
                    a("        <technical>" + ("企业拥有研发人员" + str(R.randint(15, 120)) + "名，与高校建立合作关系，技术支撑能力较强。" if good
                                              else "企业技术团队规模较小，核心技术依赖外部供应商。") + "</technical>")
                    a("        <funding>" + ("企业经营状况良好，项目资金已基本落实。" if good
                                            else "项目资金来源尚未完全落实，自筹资金比例偏低。") + "</funding>")
                    a("        <opinion>" + ("经现场核查，企业申报材料与实际情况相符，建议纳入培育库。" if good
                                            else "经现场核查，项目建设内容尚不成熟，建议暂不入库，完善后再行申报。") + "</opinion>")
                    for i, ex in enumerate(R.sample(EXPERTS, R.randint(3, 5))):
                        a(f'        <expert name="{ex}" role="{"组长" if i == 0 else "成员"}"/>')
                    a("      </on-site>")
                    a(f'      <expert-opinion date="2022-04-{R.randint(18, 28):02d}">'
                      + ("专家组一致同意该项目纳入许昌市“新一代信息技术重点企业、重点项目”培育库。" if good
                         else "专家组认为该项目暂不具备入库条件。") + "</expert-opinion>")
                    a(f"      <decision>{decision}</decision>")
                else:
                    a("      <decision>pending</decision>")
                a("    </review>")
            a("  </applicant>")
    out.append("</review-round>")
    print("\n".join(out))


main()
