"""Plans of other offices, made up for the importer's measure (issue 21): each in the shape one
kind of office sends, written by hand (none is a sample, nor rendered from one), with the section
each task belongs to. `flatten(text)` is what a crawler or a bad copy makes of it: one running
line, page furniture around it.

Used by tests/test_text_shapes.py (the floor) and bench/import_other_plans.py (the figures).
"""
from __future__ import annotations

from dataclasses import dataclass

from store.errors import ImportFailed
from store.importing import read_plan_text


@dataclass(frozen=True)
class Plan:
    name: str
    style: str
    text: str
    expect: tuple[tuple[str, tuple[int, ...]], ...]
    """(section path: titles joined by " / ", without labels; the task numbers under it, in order)."""


def flatten(text: str) -> str:
    """One running line: tabs and line ends become spaces, a web page's breadcrumbs and buttons around."""
    words = " ".join(part for line in text.split("\n") for part in line.split("\t") if part.strip())
    return f"当前位置：首页 > 信息公开 > 通知公告 > 正文 {words} 【打印本页】 【关闭窗口】 扫一扫在手机打开当前页"


PLANS: tuple[Plan, ...] = (
    Plan("county-tabs", "tab table: 序号 column, 完成时限, section rows 一、", """\
某县人民政府办公室
关于印发某县2023年优化营商环境重点任务分工方案的通知
某府办〔2023〕12号
各乡镇人民政府，县直各单位：
现将《某县2023年优化营商环境重点任务分工方案》印发给你们，请认真抓好落实。
某县人民政府办公室
2023年3月8日
某县2023年优化营商环境重点任务分工方案
序号\t重点任务\t牵头单位\t配合单位\t完成时限
一、提升政务服务效能
1\t推行企业开办全程网上办理，压缩开办时间至1个工作日内。\t县市场监管局\t县税务局、县公安局\t2023年6月底前
2\t在县政务服务中心设立“办不成事”反映窗口。\t县政务服务中心\t县直各单位\t2023年4月底前
3\t梳理公布第一批“一件事一次办”事项清单。\t县政务服务中心\t\t2023年9月底前
二、优化要素保障
4\t开展工业用地“标准地”出让试点。\t县自然资源局\t县发展改革局\t2023年底前
5\t建立重点项目用水用电报装绿色通道。\t县住房城乡建设局\t县供电公司\t持续推进
6\t落实中小微企业融资担保降费政策。\t县财政局\t县金融服务中心\t2023年底前
三、强化法治保障
7\t清理涉企行政规范性文件，公布保留目录。\t县司法局\t县直各单位\t2023年8月底前
8\t推行包容审慎监管，制定轻微违法行为免罚清单。\t县司法局\t县市场监管局、县应急管理局\t2023年6月底前
""", (
        ("提升政务服务效能", (1, 2, 3)),
        ("优化要素保障", (4, 5, 6)),
        ("强化法治保障", (7, 8)),
    )),
    Plan("bureau-prose-labelled", "prose: 一、 （一） 1. and 牵头单位：… lines, a 牵头负责领导 line", """\
市教育局2024年安全生产工作要点分工
一、压实安全责任
（一）健全责任体系
1.修订局机关安全生产责任清单，明确各科室职责边界。
牵头单位：办公室
配合单位：局机关各科室
完成时限：2024年3月底前
牵头负责领导：李副局长
2.与各学校签订年度安全生产目标责任书。
牵头单位：安全管理科
完成时限：2024年4月底前
（二）强化考核问责
3.将安全工作纳入学校年度考核，实行“一票否决”。
牵头单位：人事科
配合单位：安全管理科
完成时限：全年
二、开展隐患排查
（一）校舍安全
4.每学期开学前组织一次校舍安全全面检查。
牵头单位：发展规划科
配合单位：各学校
完成时限：每学期开学前
5.对C级、D级校舍建立台账，逐校制定整改方案。
牵头单位：发展规划科
完成时限：2024年6月底前
（二）校园食品安全
6.推动学校食堂“明厨亮灶”全覆盖。
牵头单位：体卫艺科
配合单位：市市场监管局
完成时限：2024年底前
""", (
        ("压实安全责任 / 健全责任体系", (1, 2)),
        ("压实安全责任 / 强化考核问责", (3,)),
        ("开展隐患排查 / 校舍安全", (4, 5)),
        ("开展隐患排查 / 校园食品安全", (6,)),
    )),
    Plan("district-brackets", "prose: tasks as sentences with units and deadline in a final bracket", """\
某区2023年乡村振兴重点工作任务分解
一、巩固拓展脱贫攻坚成果
1.健全防止返贫动态监测和帮扶机制，每季度开展一次集中排查（区乡村振兴局牵头，各街道配合，持续推进）。
2.落实脱贫人口小额信贷政策，做到应贷尽贷（区财政局、区农商银行负责，2023年12月底前）。
3.组织脱贫劳动力参加职业技能培训不少于500人次（区人力资源社会保障局牵头，2023年11月底前）。
二、推进产业发展
4.新建高标准农田1.2万亩（区农业农村局牵头，区财政局配合，2023年10月底前）。
5.培育市级以上农业产业化龙头企业3家（区农业农村局负责，年底前）。
三、建设宜居乡村
6.完成农村户厕改造800户，同步推进粪污资源化利用（区农业农村局牵头，区卫生健康局配合，2023年9月底前）。
7.实施村庄清洁行动，开展“最美庭院”评选（各街道负责，全年）。
8.推进农村生活污水治理，治理率提高到45%以上（区生态环境分局牵头，2023年底前）。
""", (
        ("巩固拓展脱贫攻坚成果", (1, 2, 3)),
        ("推进产业发展", (4, 5)),
        ("建设宜居乡村", (6, 7, 8)),
    )),
    Plan("cells-unlabelled-sections", "one cell per line: 序号 lines, sections as short unnumbered lines", """\
某市2024年生态环境保护工作任务清单
序号
工作任务
责任单位
完成时限
大气污染防治
1
开展挥发性有机物重点企业综合治理，完成治理项目30个。
市生态环境局
2024年10月底前
2
淘汰国三及以下排放标准营运柴油货车。
市交通运输局
2024年底前
3
加强建筑工地扬尘管控，落实“六个百分百”要求。
市住房和城乡建设局
持续推进
水污染防治
4
完成城市黑臭水体整治“回头看”。
市城市管理局
2024年6月底前
5
推进工业园区污水集中处理设施提标改造。
市工业和信息化局
2024年12月底前
土壤污染防治
6
开展重点建设用地土壤污染状况调查。
市自然资源局
2024年底前
7
建立受污染耕地安全利用台账。
市农业农村局
2024年9月底前
""", (
        ("大气污染防治", (1, 2, 3)),
        ("水污染防治", (4, 5)),
        ("土壤污染防治", (6, 7)),
    )),
    Plan("pipes-web", "a | table from a web page: merged section cells left empty below, a units column", """\
某区2023年民生实事项目责任分工表
| 类别 | 项目内容 | 责任单位 | 完成时间 |
| --- | --- | --- | --- |
| 教育 | 1.新建改扩建公办幼儿园4所，新增学位1200个。 | 区教育局 | 2023年8月底前 |
|  | 2.实施中小学课后服务全覆盖。 | 区教育局 | 2023年9月底前 |
| 医疗 | 3.建成区域医疗检验中心。 | 区卫生健康局 | 2023年12月底前 |
|  | 4.为65岁以上老年人免费开展健康体检。 | 区卫生健康局 | 全年 |
|  | 5.完成社区卫生服务中心标准化建设5家。 | 区卫生健康局、各街道办事处 | 2023年11月底前 |
| 养老 | 6.新建社区养老服务站10个。 | 区民政局 | 2023年10月底前 |
|  | 7.开展特殊困难老年人家庭适老化改造200户。 | 区民政局 | 2023年12月底前 |
""", (
        ("教育", (1, 2)),
        ("医疗", (3, 4, 5)),
        ("养老", (6, 7)),
    )),
    Plan("paren-tasks", "（一） items are the tasks, 一、 the sections, a units line after each", """\
某局2023年法治政府建设工作要点
一、依法全面履行职能
（一）动态调整权责清单，做好与“三定”规定的衔接。
法规科牵头，各科室配合
（二）全面推行证明事项告知承诺制。
审批科
二、推进严格规范公正文明执法
（一）落实行政执法公示、执法全过程记录、重大执法决定法制审核制度。
执法监督科牵头，各执法队配合
（二）开展行政执法案卷评查，评查结果通报全系统。
执法监督科
（三）组织执法人员年度轮训。
人事科
三、强化权力监督
（一）自觉接受人大监督和政协民主监督，办理建议提案。
办公室
（二）做好行政复议和应诉工作，行政机关负责人出庭应诉率达到100%。
法规科
""", (
        ("依法全面履行职能", (1, 2)),
        ("推进严格规范公正文明执法", (1, 2, 3)),
        ("强化权力监督", (1, 2)),
    )),
    Plan("restart-numbering", "tab table whose task numbers restart in every section", """\
某镇2024年重点工作任务分解表
工作类别\t工作内容\t责任单位
一、经济发展\t1.完成固定资产投资2亿元。\t经济发展办
\t2.新增规模以上工业企业2家。\t经济发展办
\t3.盘活闲置厂房3处。\t规划建设办
二、社会事业\t1.建成镇级综合文化站。\t社会事务办
\t2.新增城镇就业岗位300个。\t社会事务办
三、平安建设\t1.开展矛盾纠纷排查化解月度会商。\t综治办
\t2.完成“雪亮工程”前端点位补建50个。\t综治办、派出所
""", (
        ("经济发展", (1, 2, 3)),
        ("社会事业", (1, 2)),
        ("平安建设", (1, 2)),
    )),
    Plan("gap-numbering", "numbers that continue across sections with a gap (27 then 29)", """\
某市2022年数字政府建设任务分工
一、夯实基础支撑
25.建设全市统一的政务云平台，实现部门系统上云率90%以上。
市政务服务数据管理局牵头，市直各部门配合
26.推进电子政务外网向乡镇、村延伸。
市政务服务数据管理局
27.建立政务数据资源目录，完成首批数据编目。
市政务服务数据管理局
二、深化数据应用
29.推动电子证照在政务服务中的应用，新增用证事项100项。
市政务服务数据管理局牵头，市直各部门配合
30.开展公共数据开放试点，开放数据集不少于200个。
市政务服务数据管理局
三、保障数据安全
31.制定政务数据分类分级管理办法。
市委网信办牵头，市政务服务数据管理局配合
32.每年开展一次数据安全风险评估。
市委网信办
""", (
        ("夯实基础支撑", (25, 26, 27)),
        ("深化数据应用", (29, 30)),
        ("保障数据安全", (31, 32)),
    )),
    Plan("notice-then-plan", "a covering notice with 文号 and date, then the plan as prose with subsections", """\
某区卫生健康局文件
某卫发〔2023〕7号
某区卫生健康局关于印发2023年爱国卫生工作要点的通知
局机关各科室，各医疗卫生单位：
现将《2023年爱国卫生工作要点》印发给你们，请结合实际认真贯彻执行。
某区卫生健康局
2023年2月20日
2023年爱国卫生工作要点
一、深入开展爱国卫生运动
（一）巩固国家卫生城区创建成果
1.每月组织一次城乡环境卫生大扫除。
疾病预防控制科牵头，各街道配合
2.开展病媒生物防制，鼠密度控制在国家标准以内。
区疾控中心
（二）推进健康城市建设
3.建设健康社区10个、健康学校5所。
健康促进科牵头，区教育局配合
二、倡导文明健康生活方式
（一）普及健康知识
4.举办健康讲座不少于100场。
健康促进科
5.推进控烟立法宣传，创建无烟党政机关。
健康促进科牵头，机关党委配合
""", (
        ("深入开展爱国卫生运动 / 巩固国家卫生城区创建成果", (1, 2)),
        ("深入开展爱国卫生运动 / 推进健康城市建设", (3,)),
        ("倡导文明健康生活方式 / 普及健康知识", (4, 5)),
    )),
    Plan("traditional-mirror", "traditional characters with pinyin a mirror site injected, tab table", """\
某市2023年政務公開工作要點分工
工作任務\t具體要求\t責任單位
一、加強政策解讀
\t1.落實政策文件與解讀材料同步組(zǔ)織、同步審簽、同步部署。\t市政府辦公室
\t2.圍(wéi)繞優化營(yíng)商環境出臺的政策，開展多渠道解讀。\t市發展改革委、市司法局
二、回應社會關切
\t3.完善政務輿情回應機制，做好重大突發事件信息發(fā)布。\t市委宣傳部
\t4.辦好“市長熱線”，提高群眾滿(mǎn)意率。\t市政務服務數據管理局
三、強化平臺建設
\t5.推進政府網站集約化，整合欄(lán)目資源。\t市政務服務數據管理局
\t6.規範政務新媒體管理，清理“殭屍”賬號(hào)。\t市委網信辦
""", (
        ("加强政策解读", (1, 2)),
        ("回应社会关切", (3, 4)),
        ("强化平台建设", (5, 6)),
    )),
    Plan("units-before-text", "a web page table: 序号 | 工作事项 | 责任单位 | 具体措施 (units before the text)", """\
某县2024年防汛抗旱工作责任分工
序号\t工作事项\t责任单位\t具体措施
1\t防汛责任落实\t县应急管理局\t汛前公布各级防汛责任人名单，组织责任人培训。
2\t\t各乡镇人民政府\t落实村组巡查责任，建立巡查台账。
3\t水库安全度汛\t县水利局\t对全县小型水库开展汛前安全检查，落实“三个责任人”。
4\t\t县水利局\t编制水库调度运用计划和防汛抢险应急预案。
5\t城区防涝\t县城市管理局\t清理城区排水管网，疏通雨水井300座以上。
6\t\t县住房城乡建设局\t对在建工地基坑、围挡开展排查整治。
7\t物资储备\t县应急管理局\t补充储备编织袋、救生衣等防汛物资。
""", (
        ("防汛责任落实", (1, 2)),
        ("水库安全度汛", (3, 4)),
        ("城区防涝", (5, 6)),
        ("物资储备", (7,)),
    )),
    Plan("merged-lost-tabs", "tab table copied from Word: the merged first column only on a group's first row", """\
某市2023年稳就业工作任务分工
工作任务\t具体措施\t责任单位
稳定就业岗位\t1.落实阶段性降低失业保险费率政策。\t市人力资源社会保障局
2.开展“稳岗留工”专项行动，走访重点企业200家。\t市人力资源社会保障局、市工业和信息化局
3.支持平台经济吸纳灵活就业人员。\t市商务局
做好重点群体就业\t4.实施高校毕业生就业创业促进计划。\t市人力资源社会保障局
5.开发公益性岗位安置就业困难人员。\t市人力资源社会保障局、市财政局
6.做好退役军人就业安置。\t市退役军人事务局
强化就业服务\t7.举办线上线下招聘会不少于50场。\t市人力资源社会保障局
8.建设“15分钟就业服务圈”示范点10个。\t各区人民政府
""", (
        ("稳定就业岗位", (1, 2, 3)),
        ("做好重点群体就业", (4, 5, 6)),
        ("强化就业服务", (7, 8)),
    )),
)


HELD_OUT: tuple[Plan, ...] = (
    # Written after the rules above were settled, and measured once before any change (the
    # figures in the report of issue 21 say what they gave then and now).
    Plan("prose-unnumbered-sections", "prose: sections as short unnumbered lines, a units line after each task", """\
某街道2024年基层治理工作要点
网格化管理
1.将辖区划分为48个基础网格，每格配备专职网格员。
综治中心
2.网格员每日巡查，问题当日上报。
综治中心、各社区
矛盾纠纷化解
3.建立“街道—社区—网格”三级调处机制。
司法所
4.每月召开一次矛盾纠纷研判会。
综治中心
居民自治
5.指导各社区修订居民公约。
社区建设办
6.培育社区社会组织不少于10个。
社区建设办
""", (
        ("网格化管理", (1, 2)),
        ("矛盾纠纷化解", (3, 4)),
        ("居民自治", (5, 6)),
    )),
    Plan("tabs-topic-and-text", "tab table: 序号 | 工作任务 | 具体要求 | 牵头单位 | 配合单位 | 完成时限", """\
某区2024年招商引资工作任务分工
序号\t工作任务\t具体要求\t牵头单位\t配合单位\t完成时限
1\t精准招商\t围绕新能源产业链开展专题招商活动6场。\t区投资促进局\t区发展改革局\t2024年11月底前
2\t\t建立重点招商项目库，入库项目不少于50个。\t区投资促进局\t\t2024年6月底前
3\t项目落地\t推行签约项目“一项目一专班”服务。\t区投资促进局\t各街道\t持续推进
4\t\t签约项目开工率达到60%以上。\t区发展改革局\t区自然资源局\t2024年底前
5\t营商服务\t设立企业服务专员，实行问题“直通车”。\t区工商联\t区投资促进局\t2024年3月底前
""", (
        ("精准招商", (1, 2)),
        ("项目落地", (3, 4)),
        ("营商服务", (5,)),
    )),
    Plan("labelled-inline", "a task per line with its labelled cells on the same line, sections 一、", """\
某局2024年政务信息化建设任务
一、网络安全
1.完成等级保护测评整改。 牵头单位：信息中心 配合单位：各科室 完成时限：2024年6月底前
2.开展网络安全攻防演练。 牵头单位：信息中心 完成时限：2024年9月底前
二、系统建设
3.上线公文一体化处理系统。 牵头单位：办公室 配合单位：信息中心 完成时限：2024年5月底前
4.推进业务系统数据共享。 牵头单位：信息中心 配合单位：政策法规科 完成时限：2024年12月底前
""", (
        ("网络安全", (1, 2)),
        ("系统建设", (3, 4)),
    )),
    Plan("parts-and-brackets", "sections 第一部分 …, tasks 1. with units and deadline in a final bracket", """\
某县2024年教育工作任务清单
第一部分 学前教育
1.新建公办幼儿园2所（县教育局牵头，县住房城乡建设局配合，2024年8月底前）。
2.开展幼儿园保教质量评估（县教育局负责，2024年12月底前）。
第二部分 义务教育
3.推进城乡学校共同体建设，结对学校30对（县教育局负责，2024年9月底前）。
4.落实课后服务经费保障（县财政局、县教育局负责，全年）。
第三部分 职业教育
5.建设县级实训基地1个（县教育局牵头，县人力资源社会保障局配合，2024年10月底前）。
""", (
        ("学前教育", (1, 2)),
        ("义务教育", (3, 4)),
        ("职业教育", (5,)),
    )),
    Plan("circled-items", "一、 sections, （一） subsections, ① tasks, each with a units line", """\
某市2024年全民健身工作安排
一、完善健身设施
（一）场地建设
①新建社区健身中心5个。
市体育局牵头，各区政府配合
②改造提升公园健身步道20公里。
市城市管理局
（二）设施开放
③推动学校体育场地课余时间向社会开放。
市教育局
二、丰富赛事活动
（一）群众赛事
④举办全民健身运动会。
市体育局
⑤组织社区篮球联赛。
市体育局、市总工会
""", (
        ("完善健身设施 / 场地建设", (1, 2)),
        ("完善健身设施 / 设施开放", (3,)),
        ("丰富赛事活动 / 群众赛事", (4, 5)),
    )),
    Plan("pipes-banner-rows", "a | table with section rows merged across it (| 一、… | | |)", """\
| 序号 | 重点任务 | 责任单位 | 完成时限 |
|:--:|:--|:--|:--:|
| 一、稳定粮食生产 | | | |
| 1 | 落实粮食播种面积45万亩。 | 县农业农村局 | 2024年10月底前 |
| 2 | 发放耕地地力保护补贴。 | 县财政局 | 2024年6月底前 |
| 二、发展特色产业 | | | |
| 3 | 建设茶叶标准化基地1万亩。 | 县农业农村局 | 2024年底前 |
| 4 | 培育农产品区域公用品牌1个。 | 县农业农村局、县市场监管局 | 2024年12月底前 |
""", (
        ("稳定粮食生产", (1, 2)),
        ("发展特色产业", (3, 4)),
    )),
)


# ---- the measure ---------------------------------------------------------------------------


def placed(draft) -> list[tuple[str, str | None]]:
    """(section path of titles, task number) of every task, in order."""
    out: list[tuple[str, str | None]] = []

    def walk(sections, path):
        for s in sections:
            here = path + ([s.title] if s.title else [])
            out.extend((" / ".join(here), t.no) for t in s.tasks)
            walk(s.sections, here)

    walk(draft.sections, [])
    return out


def measure(plan: Plan, text: str) -> tuple[int, int, list[str], str]:
    """(right, expected, misses, reading key) of one plan read from `text`."""
    expected = [(path, str(no)) for path, nos in plan.expect for no in nos]
    try:
        draft = read_plan_text(text, source=f"{plan.name}.txt")
    except ImportFailed as exc:
        return 0, len(expected), [exc.message("en")], "-"
    got = placed(draft)
    right, misses, at = 0, [], 0
    for path, no in expected:
        k = next((i for i in range(at, len(got)) if got[i][1] == no), None)
        if k is None:
            misses.append(f"task {no} ({path}): not found")
            continue
        at = k + 1
        if got[k][0] == path:
            right += 1
        else:
            misses.append(f"task {no}: under “{got[k][0]}”, not “{path}”")
    return right, len(expected), misses, draft.reading.key if draft.reading else "-"


def measure_all(plans: tuple[Plan, ...] = PLANS) -> list[tuple[str, str, int, int, list[str], str]]:
    """(plan, "plain" | "flattened", right, expected, misses, reading key) for every plan."""
    out = []
    for plan in plans:
        for kind, text in (("plain", plan.text), ("flattened", flatten(plan.text))):
            out.append((plan.name, kind, *measure(plan, text)))
    return out


def totals(results) -> dict[str, tuple[int, int]]:
    out: dict[str, list[int]] = {"plain": [0, 0], "flattened": [0, 0]}
    for _, kind, right, total, _, _ in results:
        out[kind][0] += right
        out[kind][1] += total
    return {k: (v[0], v[1]) for k, v in out.items()}
