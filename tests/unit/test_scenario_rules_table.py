"""Every compliance rule of courses/_rules.yml against a table of phrasings: what must fire, what must not.

The "must not" side holds correct collector phrasings that share words with a violation (negations,
corrections, conditional and lawful statements), so widening a pattern cannot silently misfire.
"""

from pathlib import Path

import pytest

from elearn.scenarios.content import read_rules
from elearn.scenarios.freetext import violations_in
from elearn.scenarios.phrasebook import content_phrases, measure

ROOT = Path(__file__).resolve().parents[2]
RULES, _SOURCE, PROBLEMS = read_rules(ROOT)

FIRES = {
    "T1": ["半夜十二点我也照样打给你", "凌晨五点就打给你"],
    "T2": ["你不接我就天天打给你", "我会一直打到你接为止", "我们就每天打给您，直到找到他为止"],
    "T3": ["协议签了也照样每天催你"],
    "I1": ["工号不能告诉你", "我不告诉你我是谁"],
    "I2": ["这通电话不录音", "我把录音关了再说"],
    "I3": ["您的卡号是6225 8812 3456 4821", "我把卡号念给你听", "身份证号是310101199001011234"],
    "P1": ["他欠了我们三万块", "你儿子信用卡逾期三个月了", "这事我们跟你家人都说过了"],
    "P2": ["你帮他还一下吧", "那就你来还", "你们单位管不管", "你让他赶紧还钱"],
    "P3": ["再不还就把你的事发到家族群里", "我们会通知你单位", "再挂电话我就打给你爸妈", "在你家楼下贴告示"],
    "P4": ["把你收到的验证码报给我", "你把工资卡流水拍给我", "把你朋友的电话都告诉我", "我们什么都查得到"],
    "A1": ["你这个老赖", "欠钱还有脸发火", "你这种人我见多了", "别狡辩了"],
    "A2": ["小心你的家人", "我们有的是办法让你待不下去", "你孩子在哪个学校我们都知道"],
    "A3": ["明天就上门找你", "今晚派人去你家", "我们的人明天到你单位去"],
    "D1": ["我是法院的工作人员，这里是法院", "我是法务部的", "我们经侦已经介入"],
    "D2": ["你已经被通缉了", "法院已经立案了", "还了就不会抓你", "再不还你就要坐牢", "下次来的就是警察了"],
    "D3": ["马上把你列入失信名单", "以后不能坐高铁了", "合同法规定你必须还", "欠钱永远要还"],
    "D4": ["下个月就翻倍了", "这是国家规定的滞纳金", "别问那么多"],
    "D5": ["你不还就让你爸妈还", "你全家的征信都完了", "你家人也得替你还"],
    "F1": ["转到我个人账户", "转到我们公司账户就行", "要交500元催收费"],
    "F2": ["你去网上借点钱", "可以先用花呗周转", "找人借钱先还上"],
    "N1": ["我保证停息", "法律规定你可以停息挂账", "先口头答应，细节以后再说"],
    "N2": ["今天不还就没有分期了", "不签就别想办分期", "这是最后一次机会"],
    "N3": ["你老婆一个月挣多少", "你家有几套房"],
    "E1": ["你爱死不死", "别拿死吓唬我", "欠点钱算什么"],
    "E2": ["不管是不是你刷的都得还", "系统里有记录就是你刷的", "这个我管不了"],
    "E3": ["你投诉也没用", "投诉了分期就别想办了", "没人理你", "别报警"],
    "S1": ["加我个人微信吧", "我把截图发你", "你的号码是别人卖给我们的"],
}

QUIET = {
    "T1": ["现在还没到10点，您方便吗", "我们明天上午九点再联系您"],
    "T2": ["您方便的话我们约个时间再打", "我们每天最多联系您一次"],
    "T3": ["签了协议并按期还款，我们就不再催了", "签了协议并按期还款，就不会再催收这笔欠款"],
    "I1": ["您可以挂断后打这个号码核实：卡背面的官方客服电话", "我是XX银行信用卡中心的专员，工号3017"],
    "I2": ["本次通话将被录音，录音会按规定保存"],
    "I3": ["请您念一下卡号后四位", "请您说一下卡号的后四位", "为了确认是您本人，请问您的出生月份"],
    "P1": ["是他个人的业务事项，不方便透露", "按规定我们不会向您的联系人透露账户信息"],
    "P2": ["麻烦您转告他回电官方客服", "好的，我们不再打扰您"],
    "P3": ["我们会发函到您的账单地址", "我们不会把您的情况告诉您的单位", "您可以放心，我们不会曝光任何信息"],
    "P4": ["申请个性化分期可能需要提供工资卡流水作为证明材料", "银行不会向您索要密码或验证码", "请不要把验证码告诉任何人"],
    "A1": ["听得出来您压力很大", "我理解您的心情"],
    "A2": ["我们希望和您商量出一个可以执行的方案"],
    "A3": ["我明天上门拜访您方便吗？需要先征得您的同意", "如果电话一直联系不上，银行可能安排工作人员上门沟通，会事先出示证件"],
    "D1": ["我是XX银行信用卡中心的，不是法院也不是警察"],
    "D2": ["遇到冒充警察的电话可以直接报警", "有人冒充警察说“你已经被通缉了”，那是诈骗", "我不会说您被通缉", "通缉令只有公安机关才能发布", "您没有被通缉，请放心", "银行无权发布通缉令"],
    "D3": ["判决后仍不履行，才可能被列入失信名单", "逾期记录会影响您本人的信用报告", "《合同法》已经废止，现在适用民法典"],
    "D4": ["逾期记录按国家规定的期限保存5年", "截至今天，本金8,000元，利息352.40元，违约金120元"],
    "D5": ["您孩子要还房贷，压力确实大", "这笔欠款只和您本人有关，您的家人不用替您还"],
    "F1": ["请不要把钱转到任何个人账户", "还款请只通过我行官方App或柜面"],
    "F2": ["以免您去网上借高利贷", "我们不建议您借网贷还款", "请不要以贷养贷"],
    "N1": ["您口头答应的还款计划，我们会发书面确认", "分期需要审核，结果以书面协议为准", "我不能保证停息，需要银行审批"],
    "N2": ["您就别想太多了，先照顾好自己", "您可以考虑一下，不用今天决定"],
    "N3": ["您现在每月大概的收入是多少？我问收入是为了评估一个您能承受的方案"],
    "E1": ["我会一直在电话这边，您先深呼吸"],
    "E2": ["您可以报警，同时我为您登记异议", "我为您登记交易异议，核实期间不就这笔催收"],
    "E3": ["您可以通过我行官方渠道投诉，我把方式告诉您", "我现在就为您登记投诉"],
    "S1": ["请通过我行官方App或客服电话联系我们"],
}


def test_the_rules_file_loads_and_every_rule_is_in_both_tables():
    assert PROBLEMS == []
    assert set(FIRES) == set(RULES) == set(QUIET)


@pytest.mark.parametrize(("code", "text"), [(c, t) for c, texts in FIRES.items() for t in texts])
def test_rule_fires(code, text):
    assert code in {hit.code for hit in violations_in(text, RULES.values())}, text


@pytest.mark.parametrize(("code", "text"), [(c, t) for c, texts in QUIET.items() for t in texts])
def test_correct_phrasing_fires_nothing(code, text):
    assert violations_in(text, RULES.values()) == (), text


def test_lesson_tables_are_caught_and_their_good_phrasings_pass():
    """The lessons' quoted "do / don't" phrasings: at least 90% of don'ts caught, no do misfires."""
    phrases = content_phrases(ROOT)
    result = measure(phrases, RULES.values())
    assert result.dont_total >= 60 and result.do_total >= 60
    assert result.catch_rate >= 0.9, [p.text for p in result.missed]
    assert result.misfired == ()


def test_no_clean_scripted_option_of_a_shipped_scenario_would_be_flagged_if_typed():
    from elearn.scenarios.content import read_scenario, scenario_paths
    from elearn.scenarios.phrasebook import scenario_phrases

    options = [p for path in scenario_paths(ROOT) for p in scenario_phrases(read_scenario(path, ROOT)[0].scenario)]
    result = measure(options, RULES.values())
    assert result.do_total >= 40 and result.misfired == ()
