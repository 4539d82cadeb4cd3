/* gen_round: writes a synthetic but realistic review round (docs/spec/review-outcomes.md) of N
 * applicants for benchmarks and scale tests. Deterministic for a seed: same arguments, same bytes.
 * No two applicants share a credit code (a code drawn twice is moved to the next free one, the
 * random draws unchanged), so a round of any size imports: `yinfa import` refuses one code under
 * two names, and from about 21,000 applicants (seed 7) the draws repeated one.
 *   gen_round [--applicants N] [--seed S] [--year Y] [--output FILE]   (default: stdout) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/diag.h"
#include "core/outfile.h"
#include "core/strbuf.h"
#include "core/strmap.h"

/* ---- deterministic random numbers (splitmix64) ---- */
static uint64_t rng_state;
static uint64_t next_u64(void) {
  uint64_t z = (rng_state += 0x9e3779b97f4a7c15u);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
  return z ^ (z >> 31);
}
static int rnd(int n) { return (int)(next_u64() % (uint64_t)n); } /* 0..n-1 */
static bool chance(int percent) { return rnd(1000) < percent * 10; }
#define PICK(arr) (arr[rnd((int)(sizeof arr / sizeof arr[0]))])

/* ---- tables ---- */
typedef struct {
  const char *name, *region, *place;
} county;
static const county COUNTIES[] = {
    {"魏都区", "411002", "许昌"}, {"建安区", "411003", "许昌"},   {"禹州市", "411081", "禹州"},
    {"长葛市", "411082", "长葛"}, {"鄢陵县", "411024", "鄢陵"},   {"襄城县", "411025", "襄城"},
    {"示范区", "411000", "许昌"}, {"东城区", "411000", "许昌"},
};
static const char *const SYLLABLES[] = {"智", "云", "星", "火", "恒", "通", "华", "宇", "瑞", "达", "中", "远",
                                        "新", "锐", "信", "创", "腾", "飞", "博", "源", "鼎", "盛", "金", "汇",
                                        "德", "利", "泰", "安", "宏", "图", "天", "翼", "海", "川", "嘉", "禾"};
static const char *const RARE[] = {"䶮", "堃", "喆", "珺"};
static const char *const BUSINESS[] = {"信息技术", "网络科技", "智能装备", "新材料", "电子商务", "发制品",
                                       "超硬材料", "电力装备", "软件", "数据科技", "物联网科技", "精密机械"};
static const char *const SUFFIX[] = {"有限公司", "有限公司", "有限公司", "股份有限公司", "有限责任公司"};
static const char *const INDUSTRY[] = {"软件和信息技术服务业", "互联网和相关服务", "电气机械和器材制造业",
                                       "通用设备制造业", "非金属矿物制品业", "其他制造业"};
static const char *const NATURE[] = {"民营企业", "民营企业", "民营企业", "国有企业", "混合所有制企业",
                                     "外商投资企业"};
static const char *const MAIN_BUSINESS[] = {"工业软件研发与实施", "跨境电子商务平台运营", "智能电网设备研发与制造",
                                            "超硬材料及制品生产", "假发及发制品生产与出口", "工业互联网平台运营"};
static const char *const STREETS[] = {"学院路", "建安大道", "许继大道", "瑞祥路", "魏文路", "八一路", "东城大道",
                                      "新元大道", "永昌路", "颍昌大道"};
static const char *const SURNAMES[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙",
                                       "马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋",
                                       "欧阳", "司马"};
static const char *const GIVEN[] = {"伟", "芳", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛",
                                    "明", "超", "秀", "霞", "平", "刚", "建国", "志强", "丽", "思远", "立新"};
static const char *const TITLES[] = {"总经理", "董事长", "副总经理", "综合部部长", "信息中心主任", "总经理助理"};
static const char *const DIRECTIONS[] = {"工业互联网平台", "5G产业链融合创新", "服务型制造", "新一代信息技术融合"};
static const char *const HONORS[] = {"河南省“专精特新”中小企业", "河南省智能工厂", "河南省服务型制造示范企业",
                                     "国家级高新技术企业", "许昌市工程技术研究中心", "河南省5G应用示范项目"};
static const char *const PROJECT[] = {"工业互联网平台建设项目", "5G+智能工厂改造项目", "数字化车间建设项目",
                                      "服务型制造转型项目", "智能运维云平台项目", "供应链协同平台项目"};
static const char *const SENTENCES[] = {
    "项目以新一代信息技术与制造业深度融合为主线，建设覆盖研发、生产、销售和服务全流程的数字化平台。",
    "依托5G大带宽、低时延特性，部署机器视觉质量检测、AGV智能物流、远程设备运维等应用场景。",
    "建设边缘计算节点，将检测模型下沉至车间，检测时延由百毫秒级降至二十毫秒以内。",
    "平台接入关键设备三百余台，实现设备状态实时监测、故障预警和预测性维护。",
    "项目配套研发工业网关，兼容主流PLC和数控系统通信协议，打通设备层与管理层的数据壁垒。",
    "建成后形成可复制推广的行业解决方案，为全市同行业中小企业数字化转型提供示范。",
    "企业与郑州大学、许昌学院建立产学研合作关系，联合培养专业技术人才。",
    "项目总投资中设备购置约占百分之六十，软件开发及系统集成约占百分之三十。",
    "通过数据驱动的精益管理，生产效率提高百分之十以上，产品不良品率降低百分之五。",
    "平台采用微服务架构，支持私有化部署和多租户运营，数据安全符合等级保护二级要求。"};
static const char *const OPINIONS[] = {"同意推荐。", "该企业申报材料真实完整，符合入库条件，同意推荐。",
                                       "经审核，同意推荐该项目入库。"};

/* ---- output helpers ---- */
static void person(strbuf *b) {
  strbuf_append(b, PICK(SURNAMES));
  if (chance(4)) strbuf_append(b, PICK(RARE));
  else strbuf_append(b, PICK(GIVEN));
  if (chance(1)) strbuf_append(b, "𠮷"); /* outside the BMP */
}

static const char CODE_ALPHABET[] = "0123456789ABCDEFGHJKLMNPQRTUWXY"; /* 0-9A-Z minus I O S V Z */
static const int CODE_WEIGHTS[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

/* GB 11714-1997 check character of the 8-character organisation body. */
static char org_check(const char *body) {
  static const int w[8] = {3, 7, 9, 10, 5, 8, 4, 2};
  int s = 0;
  for (int i = 0; i < 8; i++) s += (body[i] >= 'A' ? body[i] - 55 : body[i] - '0') * w[i];
  int c = 11 - s % 11;
  return c == 10 ? 'X' : c == 11 ? '0' : (char)('0' + c);
}

static void code_from_body(const char *region, const char *body, char out[19]) {
  snprintf(out, 19, "91%s%s%c", region, body, org_check(body));
  int sum = 0;
  for (int i = 0; i < 17; i++) sum += (int)(strchr(CODE_ALPHABET, out[i]) - CODE_ALPHABET) * CODE_WEIGHTS[i];
  out[17] = CODE_ALPHABET[(31 - sum % 31) % 31];
  out[18] = '\0';
}

/* The codes given so far (their text in 'a'): a code drawn again becomes the next free one. */
typedef struct {
  strmap used;
  arena *a;
} code_set;

/* Counts 'body' up by one in its own alphabet (digits; the 30 characters after MA). */
static void next_body(char body[9], bool digits) {
  for (int i = 7; i >= (digits ? 0 : 2); i--) {
    const char *alphabet = digits ? "0123456789" : CODE_ALPHABET;
    int radix = digits ? 10 : 30, d = (int)(strchr(alphabet, body[i]) - alphabet) + 1;
    body[i] = alphabet[d % radix];
    if (d < radix) return;
  }
}

/* A GB 32100-2015 unified social credit code: "91" + region + organisation code + check char. */
static void credit_code(code_set *cs, const char *region, char out[19]) {
  char body[9];
  bool digits = !chance(70);
  if (!digits) { /* issued since 2015: organisation part starts with MA */
    body[0] = 'M';
    body[1] = 'A';
    for (int i = 2; i < 8; i++) body[i] = CODE_ALPHABET[rnd(30)];
  } else {
    for (int i = 0; i < 8; i++) body[i] = (char)('0' + rnd(10));
  }
  body[8] = '\0';
  code_from_body(region, body, out);
  while (strmap_get(&cs->used, out)) next_body(body, digits), code_from_body(region, body, out);
  strmap_put(&cs->used, arena_strdup(cs->a, out), (void *)1);
}

/* About 'chars' characters of prose in paragraphs separated by blank lines. */
static void prose(strbuf *b, int chars) {
  int written = 0, in_para = 0;
  while (written < chars) {
    const char *s = PICK(SENTENCES);
    strbuf_append(b, s);
    written += (int)strlen(s) / 3;
    if (++in_para >= 4 + rnd(4) && written < chars) {
      strbuf_append(b, "\n\n");
      in_para = 0;
    }
  }
}

static void money(strbuf *b, const char *name, int lo, int hi) {
  int v = lo + rnd(hi - lo);
  strbuf_printf(b, " %s=\"%d.%d\"", name, v, rnd(10));
}

static void applicant(code_set *cs, strbuf *b, int seq, int width, int year) {
  const county *c = &PICK(COUNTIES);
  char code[19];
  strbuf_printf(b, "  <applicant id=\"XC-%d-%0*d\" county=\"%s\">\n    <enterprise>\n      <name>", year,
                width, seq, c->name);
  strbuf_append(b, c->place);
  strbuf_append(b, PICK(SYLLABLES));
  strbuf_append(b, chance(5) ? PICK(RARE) : PICK(SYLLABLES));
  strbuf_append(b, PICK(BUSINESS));
  strbuf_append(b, PICK(SUFFIX));
  credit_code(cs, c->region, code);
  strbuf_printf(b, "</name>\n      <credit-code>%s</credit-code>\n", code);
  strbuf_printf(b, "      <industry>%s</industry>\n", PICK(INDUSTRY));
  strbuf_printf(b, "      <address>许昌市%s%s%d号</address>\n", c->name, PICK(STREETS), 1 + rnd(999));
  strbuf_printf(b, "      <nature>%s</nature>\n", PICK(NATURE));
  strbuf_printf(b, "      <main-business share=\"%d.%d\">%s</main-business>\n", 50 + rnd(49), rnd(10),
                PICK(MAIN_BUSINESS));
  strbuf_append(b, "      <contact name=\"");
  person(b);
  strbuf_printf(b, "\" title=\"%s\" phone=\"0374-%07d\"\n               mobile=\"13%09d\" email=\"contact%d@example.cn\"/>\n",
                PICK(TITLES), 2000000 + rnd(7999999), rnd(1000000000), seq);
  strbuf_append(b, "      <leader name=\"");
  person(b);
  strbuf_printf(b, "\" title=\"%s\"/>\n", PICK(TITLES));
  int years = rnd(10) == 0 ? 0 : rnd(5) == 0 ? 1 : 2;
  for (int y = year - years; y < year; y++) {
    strbuf_printf(b, "      <finance year=\"%d\"", y);
    money(b, "total-assets", 2000, 90000);
    money(b, "total-liabilities", 500, 40000);
    money(b, "revenue", 1000, 60000);
    money(b, "profit", -500, 8000);
    money(b, "tax", 10, 3000);
    strbuf_append(b, "/>\n");
  }
  for (int h = rnd(4); h > 0; h--)
    strbuf_printf(b, "      <honor level=\"省级\" year=\"%d\">%s</honor>\n", year - 1 - rnd(3), PICK(HONORS));
  strbuf_printf(b, "    </enterprise>\n    <project direction=\"%s\">\n      <name>", PICK(DIRECTIONS));
  strbuf_append(b, c->place);
  strbuf_append(b, PICK(PROJECT));
  strbuf_append(b, "</name>\n      <summary>");
  prose(b, chance(3) ? 3000 : 200 + rnd(500)); /* a few very long summaries */
  strbuf_append(b, "</summary>\n      <goals>");
  prose(b, 100 + rnd(200));
  strbuf_append(b, "</goals>\n      <effects>");
  prose(b, 80 + rnd(150));
  strbuf_append(b, "</effects>\n    </project>\n");

  int stage = rnd(15) == 0 ? 0 : rnd(8) == 0 ? 1 : 2; /* nothing yet, county only, complete */
  if (stage > 0) {
    strbuf_printf(b, "    <review>\n      <county-opinion date=\"%d-03-%02d\">%s</county-opinion>\n", year,
                  8 + rnd(10), PICK(OPINIONS));
    if (stage == 2) {
      strbuf_printf(b, "      <on-site date=\"%d-04-%02d\">\n", year, 1 + rnd(14));
      strbuf_append(b, "        <innovation>");
      prose(b, 60);
      strbuf_append(b, "</innovation>\n        <technical>");
      prose(b, 50);
      strbuf_append(b, "</technical>\n        <funding>企业经营状况良好，项目资金已基本落实。</funding>\n");
      strbuf_append(b, "        <opinion>经现场核查，企业申报材料与实际情况相符。</opinion>\n");
      for (int e = 0; e < 3 + rnd(3); e++) {
        strbuf_append(b, "        <expert name=\"");
        person(b);
        strbuf_printf(b, "\" role=\"%s\"/>\n", e == 0 ? "组长" : "成员");
      }
      strbuf_printf(b, "      </on-site>\n      <expert-opinion date=\"%d-04-%02d\">", year, 15 + rnd(10));
      strbuf_append_xml_escaped(b, "专家组一致同意该项目纳入许昌市“新一代信息技术重点企业、重点项目”培育库。");
      int d = rnd(10);
      strbuf_printf(b, "</expert-opinion>\n      <decision>%s</decision>\n",
                    d < 6 ? "admitted" : d < 8 ? "rejected" : "pending");
    }
    strbuf_append(b, "    </review>\n");
  }
  strbuf_append(b, "  </applicant>\n");
}

static _Noreturn void usage(void) {
  fputs("usage: gen_round [--applicants N] [--seed S] [--year Y] [--output FILE]\n", stderr);
  exit(2);
}

int main(int argc, char **argv) {
  long n = 2000, year = 2022;
  unsigned long long seed = 1;
  const char *output = NULL;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (i + 1 >= argc) usage();
    char *end = NULL;
    if (strcmp(a, "--applicants") == 0 || strcmp(a, "-n") == 0) n = strtol(argv[++i], &end, 10);
    else if (strcmp(a, "--seed") == 0 || strcmp(a, "-s") == 0) seed = strtoull(argv[++i], &end, 10);
    else if (strcmp(a, "--year") == 0) year = strtol(argv[++i], &end, 10);
    else if (strcmp(a, "--output") == 0 || strcmp(a, "-o") == 0) { output = argv[++i]; continue; }
    else usage();
    if (*end) usage();
  }
  if (n < 0 || n > 10000000 || year < 1900 || year > 2199) usage();
  rng_state = seed;
  int width = 3;
  for (long m = n; m >= 1000; m /= 10) width++;

  strbuf b;
  strbuf_init(&b);
  strbuf_printf(&b,
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                "<!-- Synthetic review round: %ld fictional applicants, seed %llu (tools/gen_round.c). -->\n"
                "<review-round program=\"xuchang-nit\" year=\"%ld\" round=\"1\">\n",
                n, seed, year);
  code_set cs = {{0}, arena_new()};
  for (long i = 1; i <= n; i++) applicant(&cs, &b, (int)i, width, (int)year);
  strmap_release(&cs.used);
  arena_free(cs.a);
  strbuf_append(&b, "</review-round>\n");

  int rc = 0;
  if (output) {
    diag_sink *d = diag_new(stderr, 0);
    if (!outfile_write_all(output, b.data, b.len, d)) rc = 3;
    diag_free(d);
  } else if (fwrite(b.data, 1, b.len, stdout) != b.len || fflush(stdout) != 0) {
    rc = 3;
  }
  strbuf_release(&b);
  return rc;
}
