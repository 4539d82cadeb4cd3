#!/usr/bin/env python3
"""Writes samples/henan-2024.xml: a deterministic sample round of the henan-toutou program
(seed 004) — 96 enterprises, 6 in each of the 16 fields, from the 17 省辖市 and 济源示范区, with
the figures the 评价指标表 formulas need. Run: python3 tools/gen_henan_round.py > samples/henan-2024.xml"""
import random

A = '0123456789ABCDEFGHJKLMNPQRTUWXY'
W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

def credit(seed):
    """A unified social credit code with a valid GB 32100-2015 check character."""
    r = random.Random(seed)
    body = '9141' + ''.join(r.choice('0123456789') for _ in range(4)) + 'MA' + ''.join(r.choice(A[:-1]) for _ in range(7))
    return body + A[(31 - sum(A.index(c) * w for c, w in zip(body, W)) % 31) % 31]

FIELDS = {'优势': ['装备制造', '食品制造', '电子信息', '汽车制造', '新材料'],
          '传统': ['钢铁', '有色', '化工', '建材', '轻纺'],
          '新兴': ['新一代信息技术', '高端装备', '智能网联及新能源汽车', '新能源及新能源装备', '生物医药及高性能医疗器械', '节能环保']}
CITIES = ['郑州市', '开封市', '洛阳市', '平顶山市', '安阳市', '鹤壁市', '新乡市', '焦作市', '濮阳市', '许昌市',
          '漯河市', '三门峡市', '南阳市', '商丘市', '信阳市', '周口市', '驻马店市', '济源示范区']
NAMES = ['中原', '豫', '华夏', '嵩山', '黄河', '伏牛', '太行', '宛', '洛', '汴', '许', '龙门', '中州', '天中']
SUFFIX = {'装备制造': '重工机械', '食品制造': '食品', '电子信息': '电子科技', '汽车制造': '汽车', '新材料': '新材料科技',
          '钢铁': '钢铁', '有色': '铝业', '化工': '化工', '建材': '建材', '轻纺': '纺织',
          '新一代信息技术': '信息技术', '高端装备': '智能装备', '智能网联及新能源汽车': '新能源汽车',
          '新能源及新能源装备': '新能源科技', '生物医药及高性能医疗器械': '生物医药', '节能环保': '环保科技'}

def main():
    r = random.Random(2024)
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<!-- Sample round of henan-toutou (tools/gen_henan_round.py; figures invented, plausible). -->',
           '<review-round program="henan-toutou" year="2024">']
    n = 0
    for cat, fields in FIELDS.items():
        for field in fields:
            for k in range(6):
                n += 1
                city = CITIES[(n * 7) % len(CITIES)]
                big = cat != '新兴'
                base = r.uniform(110000, 900000) if big else r.uniform(12000, 180000)
                prev = base * r.uniform(0.82, 1.05)  # some shrink: negative growth
                rev = prev * r.uniform(0.9, 1.3)
                emp = int(r.uniform(280, 9000) if big else r.uniform(150, 3000))
                size = '' if k != 5 else '<size>大型</size>'  # one states its size, the others are derived
                name = f'{city[:2]}{NAMES[(n + k) % len(NAMES)]}{SUFFIX[field]}{"股份" if k % 2 else ""}有限公司'
                f = lambda lo, hi: f'{rev * r.uniform(lo, hi):.1f}'
                e_prev = [r.uniform(500, 20000), r.uniform(0, 50000), r.uniform(10, 800)]
                drop = r.uniform(0.85, 1.08)
                e_cur = [x * drop * rev / prev for x in e_prev]
                total_buy = rev * r.uniform(0.3, 0.6)
                out.append(f'  <applicant id="HN-{n:03d}" city="{city}">')
                out.append(f'    <enterprise><name>{name}</name><credit-code>{credit(n)}</credit-code><field>{field}</field>{size}'
                           f'<employees>{emp}</employees><avg-employees>{int(emp * r.uniform(0.93, 1.0))}</avg-employees>'
                           f'<compliance dishonest="no" tax-violation="no" serious-violation="no"/></enterprise>')
                rd = rev * r.uniform(0.01, 0.07)
                out.append(f'    <figures revenue="{rev:.1f}" revenue-prev="{prev:.1f}" profit-tax="{f(0.03, 0.15)}" rd="{rd:.1f}" '
                           f'rd-prev="{rd * r.uniform(0.75, 1.1):.1f}" patents="{r.randint(3, 260)}" smart-spend="{f(0.002, 0.04)}" '
                           f'local-purchase="{total_buy * r.uniform(0.2, 0.8):.1f}" total-purchase="{total_buy:.1f}" '
                           f'profit="{f(0.02, 0.12)}" cost="{f(0.75, 0.95)}" net-profit="{f(0.015, 0.09)}" assets="{f(0.8, 2.2)}"/>')
                out.append(f'    <energy year="current" electricity="{e_cur[0]:.1f}" coal="{e_cur[1]:.1f}" gas="{e_cur[2]:.1f}"/>')
                out.append(f'    <energy year="previous" electricity="{e_prev[0]:.1f}" coal="{e_prev[1]:.1f}" gas="{e_prev[2]:.1f}"/>')
                for a in range(r.randint(0, 3)):
                    level = r.choice(['省级', '省级', '全国学会', '国家'])
                    out.append(f'    <award project="项目{n}-{a % 2 + 1}" level="{level}" grade="{r.choice(["一等", "二等"])}"/>')
                for kind in ['智能制造', '绿色制造', '质量管理', '公共服务平台']:
                    for t in range(r.randint(0, 2)):
                        out.append(f'    <title kind="{kind}" name="{kind}称号{t + 1}" level="{r.choice(["省级", "省级", "国家级"])}"/>')
                out.append('  </applicant>')
    out.append('</review-round>')
    print('\n'.join(out))

main()
