//! Names in scripts without capital letters: Chinese and Japanese (Han script, kana) and
//! Arabic, Persian and Urdu, where [`crate::entities`] (which works by capitalisation) finds
//! nothing. Rule-based and conservative: a span counts as a name only with positive evidence.
//!
//! Chinese ([`names`] with `zh`; every word list also matches its traditional spelling):
//! - countries from the [gazetteer](crate::gazetteer), longest match;
//! - names joined by a separator (`·` `•` `‧` `・` `-`): people ("佩德罗·卡斯蒂略");
//! - transliterated foreign names: maximal runs of two or more characters of the set Xinhua uses
//!   to transliterate foreign names, less characters that mostly write ordinary words, with
//!   ordinary words cut off their edges ("抵达|莫斯科", "特朗普|特别"); a person after or before a
//!   title (总统, 外长 …), before a reporting verb (表示, 说 …) or a picture caption ("（图）"); a
//!   place before a place suffix (州, 市 …) or after a place cue (在, 前往 …); else a name;
//!   eponyms ("诺贝尔奖") and titles of works ("《…》") are skipped;
//! - organisations: known international bodies (联合国 …); a ministry (portfolio + 部, with its
//!   country); a party (creed + 党); a name quoted after its description ("人权组织「纪念」");
//!   a name of 2–8 characters before a suffix (委员会, 大学, 政府, 银行 …) that opens with a
//!   country, a transliterated name or 国际/世界, or stands between a stop and a title;
//! - Chinese names: a common surname and one or two given-name characters, only right after a
//!   title or right before a title, a reporting verb or a caption.
//!
//! Japanese (`ja`): countries; katakana names joined by `・`/`＝` or before a title (大統領,
//! 氏 …); kanji names before a title ("岸田文雄首相"); organisations by suffix (省, 党, 銀行 …).
//!
//! Arabic, Persian, Urdu (`ar`, `fa`, `ur`), word by word, clitics و ف ب ل ك and ال allowed:
//! - organisations: known international bodies; a cue noun (وزارة، منظمة، حزب، مجلس …) and the
//!   words of its name, with the cue when they describe ("وزارة الصحة العراقية"), without it
//!   when a proper name follows ("جمعية ميموريال" → "ميموريال");
//! - places: after a place noun ("مدينة إسطنبول", "العاصمة الصومالية مقديشو"), or with the noun
//!   that begins their name ("بحيرة فيكتوريا"); countries, with a region adjective
//!   ("أمريكا الوسطى");
//! - people after a title (الرئيس، وزير الخارجية الأمريكي، كل من …), a reporting verb (قال …) or
//!   an event noun (فوز، وفاة، تعيين …): after the title's own words and descriptors (words with
//!   ال, countries), one to three name words, stopping at punctuation, a function word, a verb,
//!   a demonym (الروسي), a title or a common noun; names coordinated with them ("… وجون كلوزر");
//!   the words before a picture caption ("(في الصورة)"); in Persian and Urdu the words before
//!   گفت / نے. Without a title, a name needs two words and a clear end.

use std::collections::HashSet;
use std::sync::LazyLock;

use crate::gazetteer;

/// Names in `text` in a script without capitals, as written, each with a kind: `person`, `org`,
/// `place` or `name` (a name of unknown kind). Each name once, in order of first mention; other
/// languages give nothing.
pub fn names(text: &str, lang: &str) -> Vec<(String, &'static str)> {
    let base = lang.split(['-', '_']).next().unwrap_or(lang);
    let found = match base {
        "zh" => han::names(text),
        "ja" => japanese::names(text),
        "ar" | "fa" | "ur" => arabic::names(text, base),
        _ => Vec::new(),
    };
    dedup(found)
}

/// One name per spelling (the most specific kind wins), and no name that is part of a longer
/// name of the same kind ("普京" after "弗拉基米尔·普京").
fn dedup(found: Vec<(String, &'static str)>) -> Vec<(String, &'static str)> {
    let mut out: Vec<(String, &'static str)> = Vec::new();
    for (name, kind) in found {
        if name.chars().count() < 2 {
            continue;
        }
        if let Some(seen) = out.iter_mut().find(|(n, _)| *n == name) {
            if seen.1 == "name" {
                seen.1 = kind;
            }
        } else {
            out.push((name, kind));
        }
    }
    let all = out.clone();
    out.retain(|(n, k)| {
        !all.iter().any(|(m, j)| m != n && m.contains(n.as_str()) && (j == k || *k == "name") && *k != "place")
    });
    out
}

/// The entries of a comma-separated word list.
fn items(list: &str) -> impl Iterator<Item = &str> {
    list.split(',').map(str::trim).filter(|w| !w.is_empty())
}

/// Compiles a word list once: each word as a char vector, longest first.
fn char_list<'a>(words: impl IntoIterator<Item = &'a str>) -> Vec<Vec<char>> {
    let mut v: Vec<Vec<char>> = words.into_iter().map(|w| w.chars().collect()).collect();
    v.sort_by_key(|w| std::cmp::Reverse(w.len()));
    v
}

/// The length of the longest word of `list` that starts at `i`.
fn match_at(chars: &[char], i: usize, list: &[Vec<char>]) -> Option<usize> {
    list.iter().find(|w| chars.get(i..i + w.len()) == Some(w.as_slice())).map(Vec::len)
}

/// The length of the longest word of `list` that ends at `i` (exclusive).
fn match_before(chars: &[char], i: usize, list: &[Vec<char>]) -> Option<usize> {
    list.iter().find(|w| i >= w.len() && chars.get(i - w.len()..i) == Some(&w[..])).map(Vec::len)
}

fn is_ideograph(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

fn is_katakana(c: char) -> bool {
    matches!(c as u32, 0x30A1..=0x30FA | 0x30FC..=0x30FF)
}

/// Chinese.
mod han {
    use super::*;

    /// Characters of transliterated foreign names (people, places, organisations), after
    /// Xinhua's transliteration table. Left out because they mostly write ordinary words and
    /// start false runs: 大 小 中 东 南 北 月 多 万 力 立 理 法 英 美 明 新 第 其 及 也 那
    /// 的 得 来 让 可 思 察 非 刚 太 于 任 开 首. 日 starts no run after a numeral (a date).
    const TRANSLIT: &str = "阿埃艾爱安昂奥敖巴拜班邦保鲍贝本比彼毕宾滨波博伯勃布查柴茨楚川措达戴丹旦道德登\
        迪蒂狄典丁顿杜敦厄恩尔凡范菲费芬丰冯弗福夫富伏盖甘冈戈格哥根贡古圭哈海汉豪赫荷亨洪胡华怀惠霍\
        基吉季济加迦贾佳简杰捷金津京喀卡凯坎堪康考柯科克肯库夸奎昆拉腊莱赖兰朗郎劳勒雷蕾里利莉丽黎列\
        林琳灵隆龙卢鲁路陆吕罗洛马玛迈麦曼芒毛茂梅门蒙孟米密敏莫摩默姆穆墨纳娜奈内尼妮涅聂宁纽努诺欧\
        帕潘庞佩培彭蓬皮匹普浦奇齐契琪恰乔切钦琴琼丘荣茹瑞萨塞赛桑瑟森沙莎尚舍谢什施史舒斯松苏索塔泰\
        坦汤唐特滕腾提图土托瓦娃旺威维韦温文翁沃乌武西希锡夏霞肖辛欣休修许雅亚扬耶叶伊依易因尤约泽扎\
        詹芝治朱祖卓兹孜佐翰逊朔绍卜汗辅敖慕堡谷坡渥宜撒冷杉矶悉申娅黛珀瑙瓜危拿赞舌侯义罕柏盛夕歇\
        佛贺嘉蒲蕾迦琪绮姬缇弥耳连伦热日";

    /// Common words that contain a transliteration character at an edge of a run: inside a run
    /// ("努力", "福利"), before it ("抵达莫斯科", "感谢普京") or after it ("特朗普特别强调").
    /// They are cut off the run.
    const ORDINARY: &str = "基本, 根本, 福利, 努力, 道路, 密切, 谢谢, 比赛, 武装, 维修, 施加, 因素, 马拉松, \
        坦克, 基因, 克隆, 沙龙, 雷达, 比特, 卢布, 加密, 维持, 维护, 加剧, 利用, 格外, 特殊, 保护, 保持, 保障, \
        申请, 考虑, 贡献, 危机, 危险, 土地, 哥哥, 修改, 修建, 依法, 依然, 因此, 普通, 普遍, 治理, 提供, 提高, \
        图片, 杰出, 卡片, 文化, 文件, 亚洲, 欧洲, 克服, 施工, 富裕, 丰富, 义务, 温度, 普及, 盛赞, 尚未, 加盟, \
        加速, 抵达, 到达, 表达, 长达, 高达, 多达, 直达, 下达, 传达, 转达, 发布, 宣布, 公布, 颁布, 分布, 遍布, \
        参加, 增加, 追加, 更加, 附加, 感谢, 致谢, 前夕, 一切, 亲切, 迫切, 实施, 措施, 设施, 历史, 政治, 统治, \
        经济, 救济, 公里, 这里, 那里, 哪里, 允许, 也许, 或许, 重申, 称赞, 特别, 加强, 加大, 加快, 利益, 提出, \
        提到, 提醒, 因为, 依据, 保证, 约有, 约为, 尼龙, 克制, 尔后, 莫过, 莫名, 伊始, 依靠, 依赖, 汗水, 赞成, \
        赞同, 赞扬, 翰林, 恩惠, 恩怨, 洪水, 洪灾, 冷战, 冷静, 土壤, 宜居, 贾某, 申报, 申诉, 陆续, 陆地, 陆军, \
        大陆, 内陆, 登记, 登陆, 攀登, 刊登, 典型, 典礼, 经典, 华人, 中华, 豪华, 繁华, 华侨, 夏季, 夏天, 初夏, \
        盛夏, 季节, 季度, 四季, 冬季, 春季, 秋季, 赛季, 年度, 尤其, 兰花, 加油, 摩托, 系列, 提前, 因其, 因而, \
        领土, 本土, 国土, 尽管, 沙漠, 森林, 海岸, 海军, 海域, 海上, 海外, 海关, 雅思, 加热, 热门, 今日, 昨日, \
        明日, 次日, 当日, 每日, 同日, 本日, 节日, 生日, 假日, 日前, 日益, 日常, 日期, 日报, 白日, 近日, 连日";

    /// Characters that never end a transliterated name: "…斯基夫人", "…等".
    const NOT_IN_NAMES: &str = "人们氏家队方部军国等将周今昨明本首当";

    /// Separators between the parts of a transliterated name.
    const SEPARATORS: &[char] = &['·', '•', '‧', '・', '．', '-', '－', '‐'];

    /// Titles: before a name ("总统拜登"), or after it ("拜登总统").
    const TITLES: &str = "总统, 副总统, 总理, 副总理, 首相, 主席, 副主席, 部长, 副部长, 外长, 防长, 财长, \
        外交部长, 国防部长, 发言人, 秘书长, 副秘书长, 国王, 女王, 王后, 王子, 公主, 王储, 亲王, 皇帝, 天皇, \
        教皇, 教宗, 市长, 州长, 省长, 议长, 大使, 特使, 总书记, 书记, 主任, 总裁, 董事长, 首席执行官, 创始人, \
        将军, 上将, 司令, 指挥官, 总司令, 教授, 博士, 领导人, 领袖, 国务卿, 总检察长, 检察长, 法官, 议员, \
        参议员, 众议员, 候选人, 总经理, 主教, 大主教, 牧师, 总督, 外相, 大臣, 国务委员, 委员长, 委员, 主帅, \
        主教练, 教练, 球员, 球星, 选手, 演员, 歌手, 作家, 导演, 诗人, 科学家, 先生, 女士, 夫人, 阁下, 陛下, \
        殿下, 上校, 少将, 中将, 元帅, 局长, 署长, 校长, 院长, 行长, 会长, 队长, 记者, 特派员, 代表, 主持人, \
        总干事, 高级代表, 外交官, 前总统, 前总理, 当选总统, 反对派领袖, 总统候选人, 国家主席, 最高领袖, 党魁, \
        党首, 首席部长, 运动员, 专员";

    /// Verbs whose subject is a person. The first ones also admit a Chinese name (surname +
    /// given name); the rest only tell that a transliterated name is a person.
    const REPORTING: &str = "表示, 说, 称, 指出, 强调, 宣布, 透露, 认为, 回应, 告诉, 重申, 介绍, 呼吁, 警告";
    const ACTING: &str = "会见, 会晤, 访问, 出席, 签署, 当选, 辞职, 访华, 抵达, 致电, 通电话, 发表, 承认, 否认, \
        声称, 坦言, 写道, 证实, 获得, 赢得, 去世, 逝世, 出生, 宣誓, 就任, 任命, 提名, 率领, 主持, 批评, 谴责, \
        发推, 接受, 病逝";
    /// A picture caption after a name: "（图）".
    const CAPTIONS: &str = "（图）, (图), （图片）";

    /// Common Chinese surnames (one or two characters). 于 and 向 are left out: as prepositions
    /// they open a phrase in almost every sentence.
    const SURNAMES: &str = "王, 李, 张, 刘, 陈, 杨, 黄, 赵, 吴, 周, 徐, 孙, 马, 朱, 胡, 郭, 何, 高, 林, 罗, 郑, \
        梁, 谢, 宋, 唐, 许, 韩, 冯, 邓, 曹, 彭, 曾, 肖, 田, 董, 袁, 潘, 蒋, 蔡, 余, 杜, 叶, 程, 苏, 魏, 吕, 丁, \
        任, 沈, 姚, 卢, 姜, 崔, 钟, 谭, 陆, 汪, 范, 金, 石, 廖, 贾, 夏, 韦, 付, 方, 白, 邹, 孟, 熊, 秦, 邱, 江, \
        尹, 薛, 闫, 段, 雷, 侯, 龙, 史, 陶, 黎, 贺, 顾, 毛, 郝, 龚, 邵, 万, 钱, 严, 覃, 武, 戴, 莫, 孔, 汤, 习, \
        华, 毕, 常, 康, 施, 牛, 庞, 樊, 兰, 殷, 颜, 倪, 洪, 俞, 柳, 岳, 聂, 温, 齐, 耿, 柯, 甘, 骆, 祝, 葛, 邢, \
        伍, 包, 童, 管, 詹, 左, 欧阳, 司马, 上官, 诸葛, 东方, 皇甫, 令狐, 尉迟, 司徒";

    /// Characters that end a name when looking back from a suffix or forward from a surname:
    /// function words, numerals, time words.
    const STOPS: &str = "的地了着过在和与及同跟对向将已被把由为从自到至于以给让使等也都就而并但或其该这那此各每\
        一二三四五六七八九十百千万两几个年月日时号后前是有无不没未会能可要又还再更最很才均亦乃即称说\
        间旁边今昨次位名种些们者他她它我你您所则";

    /// Organisation suffixes; all but 部 and 党 need evidence that what precedes them is a name.
    const ORG_SUFFIXES: &str = "委员会, 组织, 公司, 集团, 大学, 学院, 党, 议会, 国会, 法院, 银行, 政府, 协会, \
        联盟, 联合会, 基金会, 研究所, 研究院, 通讯社, 电视台, 俱乐部, 部, 局, 署, 院, 中心";
    /// Ministries: 外交部, 国防部 …
    const PORTFOLIOS: &str = "外交, 国防, 财政, 商务, 内政, 司法, 卫生, 教育, 交通, 农业, 能源, 环境, 文化, \
        外贸, 经济, 工业, 劳工, 国土安全, 安全, 情报, 紧急情况, 贸易, 通信, 旅游, 体育";
    /// Creeds that name a party ("民主党", "共和党", "工党").
    const PARTIES: &str = "共产, 民主, 共和, 工, 保守, 自由, 社会, 人民, 国民, 绿, 进步, 劳动, 民族, 复兴, \
        正义, 统一, 社会民主, 基督教民主, 自由民主, 国家, 独立, 劳工";
    /// Words that open the name of an international body ("国际刑事法院").
    const INTERNATIONAL: &str = "国际, 世界, 全球";
    /// International organisations named without a suffix.
    const KNOWN_ORGS: &str = "联合国, 北约, 北大西洋公约组织, 欧盟, 欧洲联盟, 阿盟, 阿拉伯国家联盟, \
        世界卫生组织, 世卫组织, 联合国教科文组织, 联合国儿童基金会, 国际刑警组织, 欧佩克, 石油输出国组织";
    /// Words that make an organisation suffix generic ("当地政府", "该公司").
    const GENERIC: &str = "当地, 地方, 中央, 联邦, 临时, 过渡, 本国, 两国, 各国, 其他, 有关, 相关, 一家, 多家";
    /// Characters after 部 that make it another word (部分, 部队, 部长 …).
    const NOT_AFTER_BU: &str = "分队门署长落位件属族";
    /// Common words that hold a one-character suffix: not organisations ("部署", "局势").
    const NOT_ORGS: &str = "部署, 签署, 布局, 格局, 当局, 结局, 大局, 僵局, 政局, 时局, 全局, 政党, 入党, 医院, \
        住院, 剧院, 寺院, 庭院, 局势, 局面, 局部, 局限, 党员, 党派, 党内, 党委, 院子, 院士, 中心区";

    /// Place suffixes kept with a transliterated name ("加利福尼亚州").
    const PLACE_SUFFIXES: &str = "共和国, 地区, 半岛, 体育场, 机场, 广场, 大街, 大桥, 公园, 州, 省, 市, 岛, 县, \
        镇, 村, 区, 城, 港, 湾, 河, 湖, 山, 街";
    /// Words before a place ("在基辅", "前往喀布尔").
    const PLACE_CUES: &str = "位于, 前往, 抵达, 飞往, 来自, 在, 从, 赴, 到, 首都, 首府";
    /// Words after a name that make it an eponym: prizes, cups ("诺贝尔奖").
    const EPONYMS: &str = "奖, 杯, 定理, 定律";

    /// Common words after a two-character country that turn it into another word ("沿海地区").
    const NOT_COUNTRY_AFTER: &str = "区, 带, 方, 面, 下, 震, 产";
    /// Words that hold a country's name two characters in ("发展|中国|家": developing countries).
    const HOLDING_COUNTRY: &str = "发展中国家";

    /// Simplified characters of the lists above and their traditional forms (OpenCC s2t, s2tw,
    /// s2hk), as pairs: each list also matches its traditional spelling. Written by
    /// scripts/facts/traditional.py; re-run it after adding characters to the lists.
    const TRADITIONAL: &str = "万萬与與专專业業东東两兩严嚴个個丰豐临臨为為为爲丽麗义義乌烏乐樂乔喬习習书書于於亚亞产產亲親从從们們众眾众衆会會\
        传傳伦倫体體余餘侨僑储儲儿兒党黨兰蘭关關兴興兹茲内內冈岡写寫军軍农農冯馮况況几幾凯凱刘劉则則创創别別剧劇务務动動\
        劳勞势勢区區医醫华華协協卢盧卫衛卫衞历歷县縣参參发發台臺叶葉号號吁籲后後吕呂吴吳员員团團园園国國图圖场場声聲复復\
        夸誇奖獎奥奧娅婭孙孫学學宁寧实實宾賓对對导導将將尔爾尽盡属屬岛島岳嶽帅帥师師带帶干幹并並广廣库庫应應庞龐张張弥彌\
        强強当當怀懷总總战戰托託执執扬揚护護报報挥揮据據无無时時机機来來杨楊杰傑桥橋检檢欧歐毕畢汉漢汤湯没沒泽澤济濟温溫\
        游遊湾灣滨濱灵靈灾災热熱爱愛独獨献獻玛瑪环環琼瓊电電盖蓋着著矶磯礼禮种種秘祕称稱签籤简簡紧緊约約级級纳納纽紐练練\
        组組织織绍紹经經结結给給统統续續绮綺维維绿綠缇緹罗羅聂聶职職联聯腊臘腾騰节節苏蘇范範荣榮莱萊获獲萨薩蒋蔣虑慮装裝\
        见見视視认認让讓议議讯訊记記许許设設访訪证證评評诉訴诗詩话話该該说說说説请請诸諸诺諾调調谢謝谭譚谴譴贝貝贡貢财財\
        责責贸貿费費贺賀贾賈赖賴赛賽赞贊赢贏赵趙转轉辅輔输輸辞辭边邊达達过過迈邁运運还還这這进進连連迟遲选選逊遜邓鄧邹鄒\
        郑鄭里裏里裡钟鍾钦欽钱錢银銀锡錫镇鎮长長门門闫閆问問间間阁閣队隊阳陽际際陆陸陈陳险險静靜韦韋韩韓顾顧顿頓颁頒领領\
        颜顏飞飛马馬骆駱鲁魯鲍鮑麦麥黄黃齐齊龙龍龚龔";

    struct Sets {
        translit: HashSet<char>,
        ordinary: Vec<Vec<char>>,
        titles: Vec<Vec<char>>,
        reporting: Vec<Vec<char>>,
        acting: Vec<Vec<char>>,
        captions: Vec<Vec<char>>,
        surnames: Vec<Vec<char>>,
        stops: HashSet<char>,
        org_suffixes: Vec<Vec<char>>,
        portfolios: Vec<Vec<char>>,
        parties: Vec<Vec<char>>,
        international: Vec<Vec<char>>,
        known_orgs: Vec<Vec<char>>,
        generic: Vec<Vec<char>>,
        place_suffixes: Vec<Vec<char>>,
        place_cues: Vec<Vec<char>>,
        eponyms: Vec<Vec<char>>,
        not_country_after: Vec<Vec<char>>,
        not_orgs: Vec<Vec<char>>,
        holding_country: Vec<Vec<char>>,
    }

    /// A word list in simplified and traditional characters, longest first.
    fn both(words: &str) -> Vec<Vec<char>> {
        let pairs: Vec<char> = TRADITIONAL.chars().collect();
        let map = |w: &str, pick: usize| -> String {
            w.chars()
                .map(|c| {
                    let forms: Vec<char> = pairs.chunks(2).filter(|p| p[0] == c).map(|p| p[1]).collect();
                    forms.get(pick).or(forms.first()).copied().unwrap_or(c)
                })
                .collect()
        };
        let mut all: Vec<String> = Vec::new();
        for w in items(words) {
            for v in [w.to_string(), map(w, 0), map(w, 1)] {
                if !all.contains(&v) {
                    all.push(v);
                }
            }
        }
        char_list(all.iter().map(String::as_str))
    }

    /// A character set in simplified and traditional characters.
    fn chars_both(chars: &str) -> HashSet<char> {
        let pairs: Vec<char> = TRADITIONAL.chars().collect();
        let mut set: HashSet<char> = chars.chars().filter(|c| is_ideograph(*c)).collect();
        for p in pairs.chunks(2) {
            if set.contains(&p[0]) {
                set.insert(p[1]);
            }
        }
        set
    }

    static SETS: LazyLock<Sets> = LazyLock::new(|| Sets {
        translit: chars_both(TRANSLIT),
        ordinary: both(ORDINARY),
        titles: both(TITLES),
        reporting: both(REPORTING),
        acting: both(ACTING),
        captions: both(CAPTIONS),
        surnames: both(SURNAMES),
        stops: chars_both(STOPS),
        org_suffixes: both(ORG_SUFFIXES),
        portfolios: both(PORTFOLIOS),
        parties: both(PARTIES),
        international: both(INTERNATIONAL),
        known_orgs: both(KNOWN_ORGS),
        generic: both(GENERIC),
        place_suffixes: both(PLACE_SUFFIXES),
        place_cues: both(PLACE_CUES),
        eponyms: both(EPONYMS),
        not_country_after: both(NOT_COUNTRY_AFTER),
        not_orgs: both(NOT_ORGS),
        holding_country: both(HOLDING_COUNTRY),
    });

    #[derive(Debug, Clone, Copy)]
    struct Span {
        start: usize,
        end: usize,
        kind: &'static str,
    }

    fn inside(i: usize, spans: &[Span]) -> bool {
        spans.iter().any(|s| s.start <= i && i < s.end)
    }

    pub(super) fn names(text: &str) -> Vec<(String, &'static str)> {
        let chars: Vec<char> = text.chars().collect();
        // Names joined by a separator first ("喬治亞·梅洛尼" is a person, not Georgia), then
        // organisations (whose names hold countries), then the rest left to right.
        let mut taken = separated(&chars);
        let countries: Vec<(usize, usize)> =
            countries(text, &chars).into_iter().filter(|(a, b)| !(*a..*b).any(|i| inside(i, &taken))).collect();
        taken.extend(organisations(&chars, &countries, &taken));
        let mut spans = taken.clone();
        let mut i = 0;
        while i < chars.len() {
            if inside(i, &taken) {
                i += 1;
                continue;
            }
            // Titles of works ("《…》") are not names.
            if chars[i] == '《' {
                i += chars[i..].iter().take(40).position(|c| *c == '》').unwrap_or(0) + 1;
                continue;
            }
            let run = translit_run(&chars, i);
            if let Some(&(_, cend)) = countries.iter().find(|(s, _)| *s == i) {
                // A country, unless a transliterated name starts with it and goes on by one
                // character ("马里奥"); "乌克兰基辅" is a country and a city.
                let tail = chars[cend..].iter().take_while(|c| SETS.translit.contains(c)).count();
                let boundary = chars.get(cend + 1).is_none_or(|c| !is_ideograph(*c) || SETS.stops.contains(c))
                    || cue_after(&chars, cend + 1);
                let longer = tail == 1 && boundary && run.is_some_and(|(s, e)| s == i && e > cend);
                if !longer {
                    spans.push(Span { start: i, end: cend, kind: "place" });
                    i = cend;
                    continue;
                }
            }
            // A Chinese name ending at a cue wins over a run it contains ("武文|赏（图）").
            if let Some(end) = chinese_name(&chars, i).filter(|e| run.is_none_or(|(_, r)| r < *e)) {
                spans.push(Span { start: i, end, kind: "person" });
                i = end;
                continue;
            }
            if let Some((start, end)) = run {
                if let Some(span) = classify(&chars, start, end) {
                    spans.push(span);
                }
                i = end.max(i + 1);
                continue;
            }
            i += 1;
        }
        spans.sort_by_key(|s| s.start);
        spans.iter().map(|s| (chars[s.start..s.end].iter().collect(), s.kind)).collect()
    }

    /// (start, end) in chars of each country name, longest match, left to right.
    fn countries(text: &str, chars: &[char]) -> Vec<(usize, usize)> {
        let offsets: Vec<usize> = text.char_indices().map(|(o, _)| o).collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let Some(&off) = offsets.get(i) else { break };
            if let Some((bytes, _)) = gazetteer::han_prefix(&text[off..]) {
                let n = text[off..off + bytes].chars().count();
                let word = n == 2 && chars[i + 1] == '地' && match_at(chars, i + n, &SETS.not_country_after).is_some()
                    || (i >= 2 && match_at(chars, i - 2, &SETS.holding_country).is_some());
                if !word {
                    out.push((i, i + n));
                    i += n;
                    continue;
                }
            }
            i += 1;
        }
        out
    }

    fn is_translit(c: char) -> bool {
        SETS.translit.contains(&c)
    }

    /// Cuts ordinary words off the edges of `start..end`: words inside it, and words that cross
    /// its edges ("抵达|莫斯科", "特朗普|特别").
    fn trim(chars: &[char], mut start: usize, mut end: usize) -> (usize, usize) {
        let s = &*SETS;
        loop {
            if let Some(n) = match_at(chars, start, &s.ordinary).filter(|n| start + n <= end) {
                start += n;
            } else if start > 0 && start < end && match_at(chars, start - 1, &s.ordinary).is_some() {
                start += 1;
            } else {
                break;
            }
        }
        loop {
            if let Some(n) = match_before(chars, end, &s.ordinary).filter(|n| end >= start + n) {
                end -= n;
            } else if end > start && match_before(chars, end + 1, &s.ordinary).is_some() {
                end -= 1;
            } else {
                break;
            }
        }
        (start, end)
    }

    /// The run of transliteration characters at `i`, less ordinary words at its edges: (start,
    /// end), if two characters or more.
    fn translit_run(chars: &[char], i: usize) -> Option<(usize, usize)> {
        if !chars.get(i).is_some_and(|c| is_translit(*c)) {
            return None;
        }
        // "12日", "三日": a date.
        if chars[i] == '日'
            && i > 0
            && (chars[i - 1].is_ascii_digit() || "〇一二三四五六七八九十两".contains(chars[i - 1]))
        {
            return translit_run(chars, i + 1);
        }
        let end = i + chars[i..].iter().take_while(|c| is_translit(**c)).count();
        let (start, end) = trim(chars, i, end);
        (end >= start + 2).then_some((start, end))
    }

    /// Whether a title, a verb or a caption starts at `j` (a person's name ends there).
    fn cue_after(chars: &[char], j: usize) -> bool {
        let s = &*SETS;
        [&s.titles, &s.reporting, &s.acting, &s.captions].iter().any(|l| match_at(chars, j, l).is_some())
    }

    /// Names of two or more parts joined by a separator ("佩德罗·卡斯蒂略"): people. A part is
    /// a run of transliteration characters, with single other characters inside it or next to the
    /// separator ("安东·蔡林格"), up to a stop, a title, a verb or eight characters.
    fn separated(chars: &[char]) -> Vec<Span> {
        let s = &*SETS;
        let ok = |j: usize| chars.get(j).is_some_and(|c| is_ideograph(*c) && !s.stops.contains(c));
        let mut out: Vec<Span> = Vec::new();
        for p in 1..chars.len().saturating_sub(1) {
            if !SEPARATORS.contains(&chars[p]) || inside(p, &out) || !ok(p - 1) || !ok(p + 1) {
                continue;
            }
            // A boundary: the text's edge, a stop, punctuation or the end of a title or a cue.
            let edge_before =
                |j: usize| j == 0 || !ok(j - 1) || match_before(chars, j, &s.titles).is_some() || cue_after(chars, j);
            let edge_after = |j: usize| !ok(j) || cue_after(chars, j);
            // Back to the start of the first part. Another character may stand next to the
            // separator, between transliteration characters, or at the part's edge.
            let mut start = p;
            while start > 0 && p - start < 8 && ok(start - 1) {
                if start < p && (match_before(chars, start, &s.titles).is_some() || cue_after(chars, start)) {
                    break;
                }
                let c = chars[start - 1];
                let fits = is_translit(c)
                    || start == p
                    || (start >= 2 && is_translit(chars[start - 2]))
                    || (edge_before(start - 1) && !NOT_IN_NAMES.contains(c));
                if !fits {
                    break;
                }
                start -= 1;
            }
            // On to the end of the last part, over further separators.
            let mut end = p + 1;
            let mut part = end;
            while end < chars.len() && end - part < 8 {
                if SEPARATORS.contains(&chars[end]) && ok(end + 1) && ok(end - 1) {
                    end += 1;
                    part = end;
                    continue;
                }
                if !ok(end) || (end > part && cue_after(chars, end)) {
                    break;
                }
                let fits = is_translit(chars[end])
                    || end == part
                    || chars.get(end + 1).is_some_and(|c| is_translit(*c))
                    || (edge_after(end + 1) && !NOT_IN_NAMES.contains(chars[end]));
                if !fits {
                    break;
                }
                end += 1;
            }
            let (start, end) = trim(chars, start, end);
            // Every part has a transliteration character.
            let parts_ok = chars[start..end]
                .split(|c| SEPARATORS.contains(c))
                .all(|part| !part.is_empty() && part.iter().any(|c| is_translit(*c)));
            let first = chars[start..end].iter().position(|c| SEPARATORS.contains(c));
            if parts_ok && first.is_some_and(|f| f > 0 && start + f + 1 < end) {
                let kind = if match_at(chars, end, &s.place_suffixes).is_some() { "place" } else { "person" };
                out.push(Span { start, end, kind });
            }
        }
        out
    }

    /// The kind of a transliterated name at `start..end`, perhaps extended by a place suffix;
    /// `None` for an eponym ("诺贝尔奖").
    fn classify(chars: &[char], start: usize, end: usize) -> Option<Span> {
        let s = &*SETS;
        // "诺贝尔奖", "诺贝尔和平奖": an eponym within a few characters.
        let eponym = (end..(end + 5).min(chars.len()))
            .take_while(|&j| is_ideograph(chars[j]))
            .any(|j| match_at(chars, j, &s.eponyms).is_some());
        if eponym {
            return None;
        }
        // "纽约市长", "加利福尼亚州长": the name is the place the title belongs to.
        if match_at(chars, end, &s.titles).is_some() && chars.get(end).is_some_and(|c| "州市省县镇村".contains(*c))
        {
            return Some(Span { start, end, kind: "place" });
        }
        if match_before(chars, start, &s.titles).is_some() {
            return Some(Span { start, end, kind: "person" });
        }
        if let Some(n) = match_at(chars, end, &s.place_suffixes) {
            return Some(Span { start, end: end + n, kind: "place" });
        }
        // "在日内瓦表示": a place, though a verb follows.
        if match_before(chars, start, &s.place_cues).is_some() {
            return Some(Span { start, end, kind: "place" });
        }
        let kind = if cue_after(chars, end) { "person" } else { "name" };
        Some(Span { start, end, kind })
    }

    /// A Chinese name at `i`: a surname and one or two given-name characters, right after a
    /// title or right before a title, a reporting verb or a caption.
    fn chinese_name(chars: &[char], i: usize) -> Option<usize> {
        let s = &*SETS;
        let sn = match_at(chars, i, &s.surnames)?;
        let titled = match_before(chars, i, &s.titles).is_some();
        if i > 0 && is_ideograph(chars[i - 1]) && !titled && !s.stops.contains(&chars[i - 1]) {
            // Inside a word.
            return None;
        }
        let given =
            |n: usize| (0..n).all(|k| chars.get(i + sn + k).is_some_and(|c| is_ideograph(*c) && !s.stops.contains(c)));
        let cue = |j: usize| [&s.titles, &s.reporting, &s.captions].iter().any(|l| match_at(chars, j, l).is_some());
        for n in [2, 1] {
            if given(n) && cue(i + sn + n) {
                return Some(i + sn + n);
            }
        }
        if titled {
            let after = |j: usize| chars.get(j).is_none_or(|c| !is_ideograph(*c) || s.stops.contains(c));
            for n in [2, 1] {
                if given(n) && after(i + sn + n) {
                    return Some(i + sn + n);
                }
            }
        }
        None
    }

    /// A name quoted right at `i` ("「纪念」", "“…”"), as an organisation.
    fn quoted(chars: &[char], i: usize) -> Option<Span> {
        let close = match chars.get(i)? {
            '「' => '」',
            '“' => '”',
            '『' => '』',
            '"' => '"',
            _ => return None,
        };
        let len = chars[i + 1..].iter().take(13).position(|c| *c == close)?;
        (len >= 2).then_some(Span { start: i + 1, end: i + 1 + len, kind: "org" })
    }

    /// Organisations: known international bodies, and a suffix with the 2–8 characters of the
    /// name before it, given evidence that they are a name.
    fn organisations(chars: &[char], countries: &[(usize, usize)], taken: &[Span]) -> Vec<Span> {
        let s = &*SETS;
        let mut out: Vec<Span> = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            if inside(i, taken) {
                i += 1;
                continue;
            }
            if let Some(n) = match_at(chars, i, &s.known_orgs) {
                out.push(Span { start: i, end: i + n, kind: "org" });
                i += n;
                continue;
            }
            let Some(n) = match_at(chars, i, &s.org_suffixes).filter(|_| i >= 1) else {
                i += 1;
                continue;
            };
            let end = i + n;
            let suffix: String = chars[i..end].iter().collect();
            if match_at(chars, i, &s.titles).is_some_and(|t| t > n) {
                // "党魁", "部长", "院长": a title, not an organisation.
                i += 1;
                continue;
            }
            // "人权组织「纪念」": the suffix describes the name quoted after it.
            if let Some(q) = quoted(chars, end) {
                out.push(q);
                i = q.end;
                continue;
            }
            let bu = n == 1 && chars[i] == '部';
            let word = n == 1
                && (match_at(chars, i, &s.not_orgs).is_some()
                    || match_at(chars, i - 1, &s.not_orgs).is_some_and(|l| l == 2));
            if word || bu && chars.get(end).is_some_and(|c| NOT_AFTER_BU.contains(*c)) {
                i += 1;
                continue;
            }
            // Back over name characters to a stop, a title, a verb, a taken span or 8 characters.
            let mut start = i;
            while start > 0
                && i - start < 8
                && is_ideograph(chars[start - 1])
                && !s.stops.contains(&chars[start - 1])
                && !inside(start - 1, taken)
                && match_before(chars, start, &s.titles).is_none()
                && match_before(chars, start, &s.reporting).is_none()
                && !out.iter().any(|o| o.end == start)
            {
                start -= 1;
            }
            // "中国共产党中央委员会": an organisation of an organisation.
            if let Some(last) = out.last_mut().filter(|o| o.end == start && (1..=4).contains(&(i - start))) {
                last.end = end;
                i = end;
                continue;
            }
            let at_stop = start == 0 || !is_ideograph(chars[start - 1]) || s.stops.contains(&chars[start - 1]);
            // The country, transliterated name or "international" that opens the name, if any.
            let opening = (start..i).find(|&j| {
                countries.iter().any(|(a, b)| *a == j && *b <= i)
                    || translit_run(chars, j).is_some_and(|(a, e)| a == j && e <= i)
                    || match_at(chars, j, &s.international).is_some()
            });
            let ministry = |list: &[Vec<char>]| {
                match_before(chars, i, list).map(|p| {
                    let p0 = i - p;
                    countries.iter().find(|(_, b)| *b == p0).map_or(p0, |(a, _)| *a)
                })
            };
            let titled = match_at(chars, end, &s.titles).is_some();
            let begin = if bu {
                // Only a ministry: its portfolio, and the country before it if any.
                ministry(&s.portfolios)
            } else if n == 1 && matches!(chars[i], '党' | '黨') {
                ministry(&s.parties).or(opening)
            } else if match_at(chars, start, &s.generic).is_some() {
                None
            } else if let Some(o) = opening {
                Some(o)
            } else if at_stop && (2..=4).contains(&(i - start)) && (titled || suffix.ends_with('学')) {
                // "希望联盟主席 …", "清华大学".
                Some(start)
            } else {
                None
            };
            if let Some(b) = begin.filter(|b| i > *b) {
                out.push(Span { start: b, end, kind: "org" });
                i = end;
            } else {
                i += 1;
            }
        }
        out
    }
}

/// Japanese: countries, katakana names with a separator or a title, kanji names before a title,
/// organisations by suffix.
mod japanese {
    use super::*;

    const TITLES: &str = "大統領, 副大統領, 首相, 副首相, 外相, 国務長官, 官房長官, 長官, 報道官, 議員, 知事, \
        市長, 総裁, 国王, 女王, 王子, 皇太子, 書記長, 事務総長, 主席, 会長, 社長, 代表, 監督, 選手, 氏, さん, \
        容疑者, 被告, 議長, 大使, 元首相, 前大統領, 元大統領, 教授";
    /// One-character country abbreviations between a name and a title ("バイデン米大統領").
    const ABBREVIATIONS: &str = "米英仏独露中韓朝印伊豪加宇";
    const ORG_SUFFIXES: &str = "委員会, 裁判所, 大学, 銀行, 政府, 機構, 連合, 協会, 省, 党, 庁, 軍, 社";
    const PLACE_SUFFIXES: &str = "州, 市, 島, 県, 地方, 共和国";
    /// Kanji compounds ending in an organisation suffix that are not names ("与党", "政党").
    const GENERIC_ORGS: &str = "与党, 野党, 政党, 各党, 同党, 同社, 本社, 会社, 各省, 同省";

    pub(super) fn names(text: &str) -> Vec<(String, &'static str)> {
        let titles = char_list(items(TITLES));
        let org_suffixes = char_list(items(ORG_SUFFIXES));
        let place_suffixes = char_list(items(PLACE_SUFFIXES));
        let generic = char_list(items(GENERIC_ORGS));
        let chars: Vec<char> = text.chars().collect();
        let offsets: Vec<usize> = text.char_indices().map(|(o, _)| o).collect();
        let title_after = |j: usize| {
            match_at(&chars, j, &titles).is_some()
                || (chars.get(j).is_some_and(|c| ABBREVIATIONS.contains(*c))
                    && match_at(&chars, j + 1, &titles).is_some())
        };
        let mut out = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if is_katakana(c) {
                let mut end = i;
                let mut sep = false;
                while end < chars.len() {
                    if is_katakana(chars[end]) {
                        end += 1;
                    } else if matches!(chars[end], '・' | '＝' | '=')
                        && chars.get(end + 1).is_some_and(|c| is_katakana(*c))
                    {
                        sep = true;
                        end += 1;
                    } else {
                        break;
                    }
                }
                let run: String = chars[i..end].iter().collect();
                // A country only if its name is the whole run ("フランス", not "フランスパン").
                let country = offsets
                    .get(i)
                    .and_then(|&o| gazetteer::han_prefix(&text[o..]))
                    .is_some_and(|(bytes, _)| bytes == run.len());
                if country {
                    out.push((run, "place"));
                } else if let Some(n) = match_at(&chars, end, &place_suffixes) {
                    out.push((chars[i..end + n].iter().collect(), "place"));
                } else if sep || title_after(end) {
                    out.push((run, "person"));
                }
                i = end;
                continue;
            }
            if is_ideograph(c) {
                let mut end = i;
                while end < chars.len() && is_ideograph(chars[end]) {
                    end += 1;
                }
                let run = &chars[i..end];
                if let Some(&o) = offsets.get(i)
                    && let Some((b, _)) = gazetteer::han_prefix(&text[o..])
                {
                    let n = text[o..o + b].chars().count();
                    if n == run.len() || title_after(i + n) {
                        out.push((run[..n].iter().collect(), "place"));
                    }
                }
                // Kanji name + title: "岸田文雄首相", "山田氏".
                if let Some(t) = match_before(&chars, end, &titles) {
                    let name = &run[..run.len() - t];
                    if (2..=5).contains(&name.len()) {
                        out.push((name.iter().collect(), "person"));
                    }
                } else if let Some(t) = match_before(&chars, end, &org_suffixes)
                    && run.len() > t
                    && run.len() <= 8
                    && match_before(&chars, end, &generic).is_none()
                {
                    out.push((run.iter().collect(), "org"));
                }
                i = end;
                continue;
            }
            i += 1;
        }
        out
    }
}

/// Arabic, Persian and Urdu.
mod arabic {
    use super::*;

    /// Titles before a person's name (Arabic). Words that continue a title ("الوزراء" in
    /// "رئيس الوزراء") are skipped as descriptors.
    const TITLES: &str = "الرئيس, رئيس, الرئيسة, رئيسة, نائب, وزير, وزيرة, الوزير, الوزيرة, الأمين, أمين, \
        المتحدث, المتحدثة, الناطق, الناطقة, الملك, الملكة, الأمير, الأميرة, ولي, الشيخ, الشيخة, السيد, السيدة, \
        النائب, النائبة, السفير, السفيرة, المبعوث, المبعوثة, زعيم, زعيمة, الزعيم, قائد, القائد, المستشار, \
        المستشارة, الجنرال, اللواء, العقيد, العميد, المشير, الدكتور, الدكتورة, البابا, المدرب, اللاعب, \
        اللاعبة, لاعب, لاعبة, الكاتب, الكاتبة, الممثل, الممثلة, الفنان, الفنانة, المغني, المغنية, العاهل, \
        المرشح, المرشحة, القاضي, المدعي, المرشد, الإمام, الحاخام, المفوض, المفوضة, مفوضة, مفوض, مستشار, \
        مستشارة, سفير, مبعوث, مندوب, المندوب, الصحفي, الصحفية, الناشط, الناشطة, الملياردير, رجل, عضو, مدير, \
        مديرة, المدير, المديرة, رئيس الوزراء, كل من, مرشح, مرشحة, شيخ, أمير, أميرة, مساعد, مساعدة, وكيل, وكيلة";
    /// Persian and Urdu titles.
    const TITLES_FA: &str = "رئیس, رئیس جمهور, رئیس‌جمهور, وزیر, سخنگوی, سخنگو, نخست وزیر, نخست‌وزیر, دبیرکل, \
        آقای, خانم, سفیر, نماینده, رهبر, شاه, ملکه, شاهزاده, فرمانده, ژنرال, دکتر, آیت‌الله, صدر, وزیراعظم, \
        وزیر اعظم, جناب, سیکرٹری, گورنر, چیئرمین";
    /// Words that continue a title without ال ("رئيس مجلس النواب", "أمين عام").
    const TITLE_WORDS: &str = "خارجية, داخلية, دفاع, مالية, عدل, صحة, تعليم, اقتصاد, طاقة, نفط, إعلام, ثقافة, عام, مجلس, وزراء, حكومة, باسم, شؤون, الدولة, دولة, جمهورية, لجنة, هيئة, وزارة, \
        حزب, حركة, منظمة, الأسبق, السابق, السابقة, الحالي, الحالية, الجديد, الجديدة, المنتخب, المنتخبة, \
        المنتهية, ولايته, ولايتها, العهد, كرة, حقوق, أركان, إدارة, الدكتور, الدكتورة, اللواء, المهندس, \
        المستشار, مباحث, شرطة, أمن, قطاع, جهاز, فرع, مديرية, سر, جمهور, امور, خارجه, خارجہ, دفاع, کشور, دولت, \
        سابق";
    /// Reporting verbs: the name follows them.
    const VERBS: &str = "قال, قالت, أضاف, أضافت, أكد, أكدت, أوضح, أوضحت, صرح, صرحت, أعلن, أعلنت, ذكر, ذكرت, \
        أشار, أشارت, شدد, شددت, اعتبر, اعتبرت, رأى, رأت, كشف, كشفت, حذر, حذرت, دعا, دعت, يقول, تقول";
    /// Nouns of events that happen to a person, in headlines: "وفاة …", "فوز …", "تعيين …".
    const EVENTS: &str = "فوز, وفاة, تعيين, انتخاب, اختيار, اغتيال, استقالة, اعتقال, إقالة, تنصيب, تتويج, رحيل, \
        تكريم, إعدام, محاكمة, إدانة, تبرئة";
    /// Words that open reported speech after its speaker ("قال جون سميث إن …").
    const SAYS: &str = "إن, أن, ان, إنه, أنه, انه, إنها, أنها";
    /// Persian and Urdu verbs after the speaker ("ظریف گفت", "عمران خان نے کہا").
    const VERBS_FA: &str = "گفت, افزود, اعلام, تاکید, نوشت, نے, کہا";
    /// Words that end a name: prepositions, conjunctions, particles, pronouns, verb cues and
    /// common verbs of news reports.
    const STOPS: &str = "يونيه, يوليه, قائلة, عندما, بينما, حين, حينما, جراء, هنا, هناك, يتابع, تتابع, يبحث, تبحث, يدير, تدير, يأتي, تأتي, يأتى, تأتى, يشهد, تشهد, \
        يعقد, تعقد, يرى, ترى, يعتبر, تعتبر, يتوقع, تتوقع, يستعد, تستعد, يعمل, تعمل, يجري, تجري, يضم, تضم, \
        يحتاج, تحتاج, سيكون, ستكون, قائلا, في, من, إلى, الى, على, عن, مع, أن, إن, ان, قد, لقد, كان, كانت, هذا, هذه, ذلك, تلك, \
        التي, الذي, الذين, اللذين, بعد, قبل, خلال, حول, ضد, بين, منذ, حتى, عند, لدى, حيث, كما, أو, ثم, لكن, لم, \
        لن, لا, ما, هو, هي, هم, يوم, أمس, اليوم, الأحد, الاثنين, الثلاثاء, الأربعاء, الخميس, الجمعة, السبت, \
        عبر, أمام, إثر, وسط, نحو, دون, تجاه, بشأن, بسبب, إنه, أنه, إنها, أنها, قال, قالت, أعلن, أعلنت, زار, \
        زارت, التقى, التقت, استقبل, استقبلت, وصل, وصلت, أجرى, أجرت, بحث, بحثت, وقع, وقعت, رفض, رفضت, طالب, \
        طالبت, هدد, هددت, اتهم, اتهمت, دعا, دعت, أكد, أكدت, أضاف, أضافت, يزور, تزور, يلتقي, تلتقي, أدلى, شارك, \
        شاركت, توفي, توفيت, فاز, فازت, أصبح, أصبحت, عين, عينت, أعرب, أعربت, وكان, وكانت, وهو, وهي, عام, سنة, \
        شهر, يعلن, تعلن, يؤكد, تؤكد, يفوز, تفوز, يصل, تصل, يصبح, تصبح, يتولى, تتولى, يستقيل, تستقيل, يعتزم, \
        تعتزم, يواجه, تواجه, يدعو, تدعو, يرفض, ترفض, يطالب, تطالب, يشارك, تشارك, يوقع, توقع, يبدأ, تبدأ, يخسر, \
        تخسر, يعود, تعود, يغادر, تغادر, يتسبب, تتسبب, يسفر, تسفر, يعيد, تعيد, عن, بعدما, عقب, إذ, يناير, \
        فبراير, مارس, أبريل, إبريل, مايو, يونيو, يوليو, أغسطس, سبتمبر, أكتوبر, نوفمبر, ديسمبر, أسفر, أسفرت, \
        أدى, أدت, تسبب, تسببت, جنوب, شمال, شرق, غرب, جنوبي, شمالي, شرقي, غربي, قام, قامت, تم, يتم, يقوم, تقوم, \
        جاء, جاءت, أرسل, أرسلت, يمثل, تمثل, قرر, قررت, أصدر, أصدرت, نال, نالت, حصل, حصلت, بأن, لأن, كأن, لما, \
        إحدى, أحد, يدعى, تدعى, كانون, شباط, آذار, نيسان, أيار, حزيران, تموز, آب, أيلول, تشرين, از, به, در, با, \
        که, را, برای, تا, این, آن, بر, و, یا, نیز, هم, روز, کے, کی, کا, نے, میں, سے, کو, پر, اور, ہے, ہیں, تھا, \
        گفت, کرد, است";
    /// Particles inside a name (بن سلمان, عبد الله): part of it, not counted as a word.
    const PARTICLES: &str = "بن, ابن, أبو, أبي, عبد, آل, ولد, بنت, ام, أم, دي, دا, فان, فون";
    /// Common nouns where a name could stand: not names ("قال مصدر", "قال مسؤول").
    const NOT_NAMES: &str = "شكل, عدم, أهمية, ضرورة, عمق, توافر, تشكيل, دخول, سبل, جموع, جميع, إعلان, مغادرة, تحول, \
        تقديرا, قسم, جدول, ضحايا, تعزيز, دعم, تطوير, تحقيق, استمرار, مواصلة, إطلاق, وقف, عودة, بدء, إجراء, \
        اتخاذ, تنفيذ, حماية, توفير, متابعة, رسمية, دولية, محلية, عربية, عالمية, وطنية, مصدر, مصادر, مسؤول, مسؤولون, مسؤولة, شهود, شاهد, متحدث, تقرير, بيان, ناشطون, سكان, \
        خبراء, محللون, مراسل, مراسلة, مسعفون, أطباء, الجيش, الشرطة, الحكومة, الوزارة, الوكالة, الصحيفة, \
        التلفزيون, الموقع, البيان, المصدر, المسؤول, الرئاسة, البيت, الأمم, وزارة, وكالة, صحيفة, موقع, رئيس, \
        وزير, حزب, حركة, هيئة, منظمة, أحد, بعض, كل, عدد, نحو, أكثر, أيضا, مجددا, كذلك, آخر, آخرون, فيه, فيها, \
        له, لها, شخص, أشخاص, شخصا, جندي, جنود, مدني, مدنيين, طفل, أطفال, امرأة, رجل, فريق, منتخب, نادي, حكومة, \
        قيادة, رئاسة, مجلس, برلمان, ولاية, فترة, منصب, جائزة, جوائز, فيلم, رئيسا, رئيسة, وزيرا, سفيرا, مديرا, \
        أمينا, خلفا, بديلا, عضوا, نائبا, أفضل, كبرى, أخرى, جديدة, جديد, كبيرة, كبير, صغيرة, عديدة, مختلفة, \
        إدارة, مركز, برنامج, حساب, تحقيقات, تحريات, عمليات, مكافحة, قوات, حكم, ارتفاع, انخفاض, زيادة, تراجع, \
        دراسة, تقارير, معلومات, مصدرا, نتائج, وقوع, إصابة, إصابات, حالات, حالة, قطاع, مقارنة, جلسة, إطارات, \
        مصنع, منطقة, السبب, رجال, غير";
    /// Nouns that open an organisation's name.
    const ORG_CUES: &str = "وزارة, منظمة, جامعة, حزب, مجلس, شركة, بنك, حركة, هيئة, جماعة, اتحاد, وكالة, صندوق, \
        محكمة, جمعية, مؤسسة, رابطة, نادي, لجنة, تنظيم, جبهة, تحالف, مكتب, المكتب, البنك, الاتحاد, المجلس, الحزب, المحكمة, \
        الجامعة, المنظمة, الحركة, الهيئة, اللجنة, الجبهة, التحالف, حلف, نقابة, معهد, مستشفى, مستشفيات, \
        وزارت, سازمان, دانشگاه, شرکت, بانک, جنبش, دادگاه";
    /// Institutions a department belongs to ("… في رئاسة الجمهورية", "… في وزارة الصحة").
    const INSTITUTIONS: &str = "رئاسة, وزارة, حكومة, بلدية, سفارة, قنصلية, جامعة, مستشفى, محافظة, هيئة, مجلس, \
        شركة, بنك, منظمة, وكالة, قيادة, مديرية";
    /// Cues followed by a proper name only, never by words with ال ("حركة حماس", but "حركة
    /// المرور" is traffic).
    const PROPER_ONLY: &str = "حركة, شركة, جماعة, تنظيم, نادي, الحركة, الشركة";
    /// Cues that are not part of the proper name after them ("جمعية ميموريال" → "ميموريال").
    const BRANDS: &str = "حركة, شركة, جماعة, تنظيم, جمعية, منظمة, بنك, وكالة, صندوق, مؤسسة, جبهة, تحالف, حلف, \
        رابطة, نادي";
    /// International organisations named without a cue.
    const KNOWN_ORGS: &str = "الأمم المتحدة, حلف شمال الأطلسي, الناتو, حلف الناتو, الاتحاد الأوروبي, \
        جامعة الدول العربية, الجامعة العربية, منظمة الصحة العالمية, اليونسكو, اليونيسف, الإنتربول, أوبك, \
        سازمان ملل, سازمان ملل متحد, ناتو, اتحادیه اروپا, اقوام متحدہ";
    /// Nouns before a place's name, not part of it ("مدينة إسطنبول", "العاصمة الصومالية مقديشو").
    const PLACE_CUES: &str = "مدينة, العاصمة, عاصمة, محافظة, ولاية, إقليم, بلدة, قرية, مقاطعة, استان, شہر, \
        صوبہ";
    /// Nouns that begin a place's name ("شارع الاستقلال", "بحيرة فيكتوريا").
    const PLACE_HEADS: &str = "شارع, ميدان, بحيرة, نهر, جبل, جزيرة, مطار, ملعب, جسر, خليج, بحر, صحراء, وادي, \
        البحر, الخليج, ساحة, دریای, خلیج, کوه";
    /// Adjectives after a country that make a region of it ("أمريكا الوسطى").
    const REGIONS: &str = "الوسطى, الجنوبية, الشمالية, الشرقية, الغربية, الشرقي, الغربي, الجنوبي, الشمالي";

    struct Sets {
        titles: Vec<Vec<String>>,
        title_words: HashSet<String>,
        verbs: HashSet<String>,
        events: HashSet<String>,
        verbs_fa: HashSet<String>,
        says: HashSet<String>,
        stops: HashSet<String>,
        particles: HashSet<String>,
        not_names: HashSet<String>,
        org_cues: HashSet<String>,
        institutions: HashSet<String>,
        proper_only: HashSet<String>,
        brands: HashSet<String>,
        known_orgs: Vec<Vec<String>>,
        place_cues: HashSet<String>,
        place_heads: HashSet<String>,
        regions: HashSet<String>,
    }

    fn set(words: &str) -> HashSet<String> {
        items(words).map(gazetteer::key).collect()
    }

    fn phrases(words: &str) -> Vec<Vec<String>> {
        let mut v: Vec<Vec<String>> =
            items(words).map(|w| gazetteer::key(w).split(' ').map(str::to_string).collect()).collect();
        v.sort_by_key(|p| std::cmp::Reverse(p.len()));
        v
    }

    static SETS: LazyLock<Sets> = LazyLock::new(|| {
        let mut titles = phrases(TITLES);
        titles.extend(phrases(TITLES_FA));
        titles.sort_by_key(|p| std::cmp::Reverse(p.len()));
        Sets {
            titles,
            title_words: set(TITLE_WORDS),
            verbs: set(VERBS),
            events: set(EVENTS),
            verbs_fa: set(VERBS_FA),
            says: set(SAYS),
            stops: set(STOPS),
            particles: set(PARTICLES),
            not_names: set(NOT_NAMES),
            org_cues: set(ORG_CUES),
            institutions: set(INSTITUTIONS),
            proper_only: set(PROPER_ONLY),
            brands: set(BRANDS),
            known_orgs: phrases(KNOWN_ORGS),
            place_cues: set(PLACE_CUES),
            place_heads: set(PLACE_HEADS),
            regions: set(REGIONS),
        }
    });

    /// A word of the text: as written (edge punctuation removed), its key, and whether
    /// punctuation follows it (which ends a name).
    struct Word<'a> {
        text: &'a str,
        key: String,
        /// The key less a conjunction و/ف ("وقال" → "قال").
        bare: String,
        /// The key less a conjunction and a preposition ب/ل/ك ("وبمدينة" → "مدينة", "للرئيس" →
        /// "الرئيس"), for cue words.
        core: String,
        ends: bool,
        /// A parenthesis follows ("… (في الصورة)").
        paren: bool,
        /// It starts with the article ال (after a conjunction), as written: "آلان" does not.
        al: bool,
    }

    /// The words of a text; a zero-width non-joiner (Persian "رئیس‌جمهور") separates words too.
    fn words(text: &str) -> Vec<Word<'_>> {
        let punct = |c: char| !(c.is_alphanumeric() || is_mark(c) || c == '-') || c == '\u{640}';
        let mut out: Vec<Word<'_>> = Vec::new();
        for token in text.split(|c: char| c.is_whitespace() || c == '\u{200c}') {
            let mut pos = 0;
            for (k, t) in token.split(punct).enumerate() {
                // Punctuation before this piece, or opening the token, ends the word before it.
                if (k > 0 || t.is_empty())
                    && let Some(prev) = out.last_mut()
                {
                    prev.ends = true;
                    prev.paren |= token[..pos].ends_with('(') || token.starts_with('(');
                }
                pos += t.len() + token[pos + t.len()..].chars().next().map_or(0, char::len_utf8);
                if t.is_empty() {
                    continue;
                }
                let key = gazetteer::key(t);
                let bare = key.strip_prefix(['و', 'ف']).filter(|r| r.chars().count() >= 2).unwrap_or(&key).to_string();
                let core = match bare.strip_prefix(['ب', 'ل', 'ك']).filter(|r| r.chars().count() >= 3) {
                    Some(r) if r.starts_with('ل') && bare.starts_with("لل") => format!("ا{r}"),
                    Some(r) => r.to_string(),
                    None => bare.clone(),
                };
                let unmarked: String = t.chars().filter(|c| !is_mark(*c)).collect();
                let al = unmarked.starts_with("ال")
                    || (key != bare && unmarked.chars().skip(1).take(2).collect::<String>() == "ال");
                out.push(Word { text: t, key, bare, core, ends: false, paren: false, al });
            }
        }
        out
    }

    /// Whether the word, with or without a conjunction و/ف, is in the set.
    fn is_in(set: &HashSet<String>, w: &Word<'_>) -> bool {
        set.contains(&w.key) || set.contains(&w.bare)
    }

    /// Whether the word, with or without its clitics, is in the set (for cue words).
    fn is_cue(set: &HashSet<String>, w: &Word<'_>) -> bool {
        is_in(set, w) || set.contains(&w.core)
    }

    /// The form of a word a set matched: the key, the key less a conjunction, else the core.
    fn cue_form<'w>(set: &HashSet<String>, w: &'w Word<'_>) -> &'w str {
        if set.contains(&w.key) {
            &w.key
        } else if set.contains(&w.bare) {
            &w.bare
        } else {
            &w.core
        }
    }

    /// A cue word as written less the clitics it was matched without ("وبحيرة" → "بحيرة",
    /// "للمجلس" → "المجلس").
    fn cue_text(set: &HashSet<String>, w: &Word<'_>) -> String {
        let matched = cue_form(set, w);
        let extra = w.key.chars().count().saturating_sub(matched.chars().count());
        let rest: String = w.text.chars().filter(|c| !is_mark(*c)).skip(extra).collect();
        if matched.starts_with("ال") && !rest.starts_with('ا') { format!("ا{rest}") } else { rest }
    }

    fn is_mark(c: char) -> bool {
        matches!(c as u32, 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06ED)
    }

    type Found = Vec<(usize, String, &'static str)>;

    /// What comes before a person's name.
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Cue {
        /// A title ("الرئيس", "كل من"), or a verb or event noun followed by a title.
        Title,
        /// A title without the article, completed by the words after it ("رئيس وزراء …").
        Construct,
        /// A reporting verb ("قال").
        Verb,
        /// An event noun ("وفاة").
        Event,
        /// An earlier name in a list ("… وجون كلوزر").
        Coordinated,
    }

    /// Records a name over words `from..to` unless they are taken.
    fn mark(used: &mut [bool], out: &mut Found, (from, to): (usize, usize), name: String, kind: &'static str) -> bool {
        if name.is_empty() || from >= to || used[from..to].iter().any(|u| *u) {
            return false;
        }
        used[from..to].iter_mut().for_each(|u| *u = true);
        out.push((from, name, kind));
        true
    }

    pub(super) fn names(text: &str, lang: &str) -> Vec<(String, &'static str)> {
        let s = &*SETS;
        let ws = words(text);
        let mut out: Found = Vec::new();
        let mut used = vec![false; ws.len()];
        // Organisations and named places first: their names contain countries and titles.
        let mut i = 0;
        while i < ws.len() {
            if let Some((from, to, name)) = organisation(&ws, i) {
                mark(&mut used, &mut out, (from, to), name, "org");
                i = to;
            } else if let Some((from, to, name)) = place(&ws, i, lang) {
                mark(&mut used, &mut out, (from, to), name, "place");
                i = to;
            } else {
                i += 1;
            }
        }
        // People: after a title, a reporting verb or an event noun; before a picture caption;
        // before a Persian/Urdu verb; and the names coordinated with them ("… وجون كلوزر").
        for i in 0..ws.len() {
            let verb = lang == "ar" && is_in(&s.verbs, &ws[i]);
            let event = lang == "ar" && is_cue(&s.events, &ws[i]);
            let Some(n) = title_at(&ws, i).or((verb || event).then_some(1)) else { continue };
            if ws[i + n - 1].ends {
                continue;
            }
            let cue = if title_at(&ws, i).is_some() {
                let list = ws[i].key == "كل";
                if ws[i].core.starts_with("ال") || list { Cue::Title } else { Cue::Construct }
            } else if verb {
                Cue::Verb
            } else {
                Cue::Event
            };
            // A title completed by an organisation's name: the person follows it ("رئيسة اتحاد
            // الخبازين سلمى داود").
            let start = match organisation(&ws, i + n) {
                Some((from, to, _)) if cue == Cue::Construct && from == i + n && !ws[to - 1].ends => to,
                _ => i + n,
            };
            let cue = if start > i + n { Cue::Title } else { cue };
            if let Some((from, to, _)) = person_after(&ws, start, lang, cue)
                && mark(&mut used, &mut out, (from, to), join(&ws[from..to]), "person")
            {
                coordinated(&ws, to, lang, &mut used, &mut out);
            }
        }
        for i in 1..ws.len() {
            if ws[i].key == "في"
                && ws[i - 1].paren
                && ws.get(i + 1).is_some_and(|w| w.key == "الصورة")
                && let Some(span) = person_before(&ws, i, lang, true)
            {
                mark(&mut used, &mut out, span, join(&ws[span.0..span.1]), "person");
            }
        }
        if lang != "ar" {
            for v in 1..ws.len() {
                if s.verbs_fa.contains(&ws[v].key)
                    && let Some(span) = person_before(&ws, v, lang, false)
                {
                    mark(&mut used, &mut out, span, join(&ws[span.0..span.1]), "person");
                }
            }
        }
        // Countries, longest first, with a region adjective ("أمريكا الوسطى").
        let mut i = 0;
        while i < ws.len() {
            let len = (1..=4).rev().find(|&n| {
                i + n <= ws.len()
                    && !ws[i..i + n - 1].iter().any(|w| w.ends)
                    && !used[i..i + n].iter().any(|u| *u)
                    && gazetteer::country(&join(&ws[i..i + n]), Some(lang)).is_some()
            });
            if let Some(mut n) = len {
                let mut name = unclitic(&ws[i..i + n]);
                if !ws[i + n - 1].ends && ws.get(i + n).is_some_and(|w| !used[i + n] && s.regions.contains(&w.key)) {
                    name = format!("{name} {}", ws[i + n].text);
                    n += 1;
                }
                mark(&mut used, &mut out, (i, i + n), name, "place");
                i += n;
            } else {
                i += 1;
            }
        }
        out.sort_by_key(|(i, _, _)| *i);
        out.into_iter().map(|(_, n, k)| (n, k)).collect()
    }

    /// Names coordinated after a person's name at `i`: "… ومورتن ميلدال وكارل باري شاربلس".
    fn coordinated(ws: &[Word<'_>], mut i: usize, lang: &str, used: &mut [bool], out: &mut Found) {
        while i > 0 && !ws[i - 1].ends && ws.get(i).is_some_and(|w| w.key != w.bare && w.key.starts_with('و')) {
            let Some((from, to, _)) = person_after(ws, i, lang, Cue::Coordinated) else { return };
            if from != i {
                return;
            }
            let first = ws[from].text.strip_prefix('و').unwrap_or(ws[from].text);
            let rest = join(&ws[from + 1..to]);
            let name = if rest.is_empty() { first.to_string() } else { format!("{first} {rest}") };
            if !mark(used, out, (from, to), name, "person") {
                return;
            }
            i = to;
        }
    }

    fn join(ws: &[Word<'_>]) -> String {
        ws.iter().map(|w| w.text).collect::<Vec<_>>().join(" ")
    }

    /// A country as written less its clitics ("وإيران" → "إيران", "للعراق" → "العراق").
    fn unclitic(ws: &[Word<'_>]) -> String {
        let written = join(ws);
        for (off, _) in written.char_indices().take(4) {
            let rest = &written[off..];
            if gazetteer::is_name(rest) {
                return rest.to_string();
            }
            if off > 0 && rest.starts_with('ل') && gazetteer::is_name(&format!("ا{rest}")) {
                return format!("ا{rest}");
            }
        }
        written
    }

    /// The number of words of a title at `i` (clitics و ف ل ب allowed on its first word).
    fn title_at(ws: &[Word<'_>], i: usize) -> Option<usize> {
        let s = &*SETS;
        s.titles.iter().find_map(|t| {
            let ok = t.iter().enumerate().all(|(k, tw)| {
                ws.get(i + k).is_some_and(|w| *tw == w.key || *tw == w.bare || (k == 0 && *tw == w.core))
                    && (k + 1 == t.len() || !ws[i + k].ends)
            });
            ok.then_some(t.len())
        })
    }

    /// Whether a stem (a demonym less its ending ي or ية) names a country: "روس" (روسيا),
    /// "مصر", "يمن" (اليمن).
    fn demonym(root: &str) -> bool {
        let forms = [root.to_string(), format!("{root}ا"), format!("{root}يا"), format!("ال{root}")];
        forms.iter().any(|f| gazetteer::country(f, Some("ar")).is_some())
    }

    /// A demonym or other adjective with ال that describes rather than names: "الروسي",
    /// "الأمريكية", "السابق".
    fn is_descriptor(w: &Word<'_>) -> bool {
        let Some(stem) = w.bare.strip_prefix("ال") else { return false };
        if stem.ends_with("ية") || stem.ends_with("يه") {
            return true;
        }
        if let Some(root) = stem.strip_suffix('ي') {
            return demonym(root);
        }
        is_in(&SETS.title_words, w)
    }

    /// Whether a word can be part of a person's name by its form: not a preposition with the
    /// article ("للقوات"), not a word with a pronoun ("قادتها"), not an adjective in -ية.
    fn name_form(w: &Word<'_>) -> bool {
        let k = &w.bare;
        let len = k.chars().count();
        // Tanween marks an indefinite common word ("أخيراً", "رئيسًا").
        let tanween = w.text.contains(['\u{64b}', '\u{64c}', '\u{64d}']);
        !(tanween
            || ["لل", "بال", "كال", "وال", "فال", "وبال", "ولل"].iter().any(|p| w.key.starts_with(p))
            || (k.ends_with('ه') && !k.ends_with("يه") && !k.ends_with("لله") && len >= 5)
            || ["ها", "هم", "هما", "هن", "كم"].iter().any(|e| k.ends_with(e) && len > 3)
            || k.ends_with("ية") && (len >= 6 || demonym(k.trim_end_matches("ية"))))
    }

    /// The number of words of a country's name at `i`.
    fn country_len(ws: &[Word<'_>], i: usize, lang: &str) -> Option<usize> {
        (1..=4).rev().find(|&n| {
            i + n <= ws.len()
                && !ws[i..i + n - 1].iter().any(|w| w.ends)
                && gazetteer::country(&join(&ws[i..i + n]), Some(lang)).is_some()
        })
    }

    fn is_stop(w: &Word<'_>) -> bool {
        let s = &*SETS;
        is_in(&s.stops, w)
            || (w.core.chars().count() >= 3 && s.stops.contains(&w.core))
            || is_in(&s.verbs, w)
            || w.key.chars().any(char::is_numeric)
            || w.key.chars().count() < 2
    }

    /// Whether a word cannot be part of a name: a stop, a common noun, a descriptor, a
    /// country, a cue.
    fn not_name(w: &Word<'_>, lang: &str) -> bool {
        let s = &*SETS;
        is_stop(w)
            || is_cue(&s.not_names, w)
            || is_descriptor(w)
            || is_cue(&s.events, w)
            || is_cue(&s.org_cues, w)
            || gazetteer::country(w.text, Some(lang)).is_some()
    }

    /// A person's name from `i`, right after a title, a verb or an event noun: skip descriptors
    /// (words with ال, countries, title words, further titles), then take one to three name
    /// words. `cue`: what came before; after [`Cue::Coordinated`] the first word carries the
    /// conjunction و. Returns the span and
    /// whether it ended at punctuation, a stop word or the end of the text.
    fn person_after(ws: &[Word<'_>], mut i: usize, lang: &str, cue: Cue) -> Option<(usize, usize, bool)> {
        let coordinated = cue == Cue::Coordinated;
        // After a title without the article ("رئيس", "وزير"), the next word completes the title
        // ("رئيس وزراء إسرائيل …", "رئيس قسم …"): a name follows only after a descriptor.
        let construct = cue == Cue::Construct;
        let s = &*SETS;
        let mut skipped = 0;
        while let Some(w) = ws.get(i).filter(|_| !coordinated) {
            let n = title_at(ws, i).or_else(|| country_len(ws, i, lang)).or_else(|| {
                let descriptor = (w.al && !s.particles.contains(&w.bare))
                    || is_in(&s.title_words, w)
                    || (!name_form(w) && !is_stop(w));
                descriptor.then_some(1)
            });
            let Some(n) = n.filter(|_| skipped < 5) else {
                if construct && skipped == 0 {
                    return None;
                }
                break;
            };
            if ws[i + n - 1].ends {
                return None;
            }
            i += n;
            skipped += n;
        }
        let from = i;
        let mut count = 0;
        let mut end = i;
        let mut after_particle = false;
        while let Some(w) = ws.get(end) {
            let first = count == 0 && coordinated && end == from;
            let particle = s.particles.contains(&w.key) && !first;
            let word = if first {
                // "وجون": judge "جون"; "ومفوضة" opens another title, not a name.
                w.key.starts_with('و')
                    && name_form(w)
                    && !s.stops.contains(&w.bare)
                    && !s.not_names.contains(&w.bare)
                    && !w.al
                    && title_at(ws, end).is_none()
                    && !s.title_words.contains(&w.bare)
                    && !is_cue(&s.events, w)
                    && !is_cue(&s.org_cues, w)
                    && gazetteer::country(&w.bare, Some(lang)).is_none()
            } else {
                // "شرطة المحافظة", "ملابسات الواقعة": a noun and its complement, not a name.
                let construct = count == 1 && !after_particle && w.al && ws[end - 1].key.ends_with(['ة', 'ت']);
                // A first word with a conjunction starts another phrase ("ومديري"); one with a
                // preposition and a feminine or plural noun is a phrase ("لمواجهة", "لزعماء").
                let opening = count == 0
                    && !after_particle
                    && ((w.key.starts_with('و') && w.key != w.bare)
                        || (w.core != w.bare && (w.core.ends_with('ة') || w.core.ends_with("اء"))));
                !(not_name(w, lang)
                    || construct
                    || opening
                    || !name_form(w)
                    || title_at(ws, end).is_some()
                    || is_in(&s.title_words, w)
                    || (count == 0 && !after_particle && w.al)
                    || (count > 0 && !after_particle && w.key.starts_with(['و', 'ف'])))
            };
            if !particle && !word {
                break;
            }
            after_particle = particle;
            count += usize::from(!particle);
            end += 1;
            if w.ends || count == 3 {
                break;
            }
        }
        // A particle cannot end a name.
        while end > from && s.particles.contains(&ws[end - 1].key) {
            end -= 1;
        }
        if count == 0 || end == from {
            return None;
        }
        // Three words and no clear end: the third is likely not part of the name.
        let capped = count == 3
            && !ws[end - 1].ends
            && ws.get(end).is_some_and(|w| !is_stop(w) && title_at(ws, end).is_none() && w.key == w.bare);
        if capped && !s.particles.contains(&ws[end - 2].key) {
            end -= 1;
            count -= 1;
        }
        // A single word that looks like a common noun: feminine, plural.
        let single = &ws[from..end];
        if count == 1 && single.len() == 1 && ["ة", "ات", "اء", "ين", "ون"].iter().any(|e| single[0].key.ends_with(e))
        {
            return None;
        }
        // How the name ended: at punctuation, a stop word or the text's end ("explicit"), or at
        // something else that is not a name.
        let explicit = ws[end - 1].ends
            || ws.get(end).is_none_or(|w| {
                // A stop word, a title, a conjunction or a preposition ("بجائزة") after it.
                is_stop(w) || title_at(ws, end).is_some() || w.key != w.bare || w.core != w.bare
            });
        let ended = count < 3 || explicit || ws.get(end).is_none_or(|w| not_name(w, lang));
        // Without a title, a name needs two words and a clear end; after a reporting verb, the
        // end of reported speech's subject ("قال جون سميث إن …", "قال جون سميث، …") and no
        // preposition ("قال لراديو …").
        if (skipped == 0 || coordinated) && (count < 2 && !ws[end - 1].ends || !explicit) {
            return None;
        }
        if skipped == 0 && matches!(cue, Cue::Verb | Cue::Event) && ws[from].core != ws[from].bare {
            return None;
        }
        if skipped == 0 && cue == Cue::Verb && !ws.get(end).is_some_and(|w| s.says.contains(&w.bare)) {
            return None;
        }
        ended.then_some((from, end, explicit))
    }

    /// A person's name of up to three words just before word `v`: a Persian or Urdu verb (two
    /// or three words after a title, punctuation or the start of the text), or a picture caption
    /// (one to three words after anything that is not a name).
    fn person_before(ws: &[Word<'_>], v: usize, lang: &str, caption: bool) -> Option<(usize, usize)> {
        let s = &*SETS;
        let mut from = v;
        while from > 0 && v - from < 3 {
            let w = &ws[from - 1];
            let last = from == v;
            if (w.ends && !(caption && last))
                || title_at(ws, from - 1).is_some()
                || not_name(w, lang)
                || is_cue(&s.title_words, w)
                || (w.al && !(caption && last))
                || (w.key.starts_with('و') && !last && w.key != w.bare)
            {
                break;
            }
            from -= 1;
        }
        // "… وجون كلوزر (في الصورة)": the conjunction is not part of the name.
        if caption {
            return (v > from).then_some((from, v));
        }
        let cued = from == 0 || ws[from - 1].ends || (1..=3).any(|n| from >= n && title_at(ws, from - n) == Some(n));
        (cued && v - from >= 2).then_some((from, v))
    }

    /// An organisation at `i`: a known name, or a cue noun and its name. Returns the words the
    /// name covers and the name: with its cue when the name is a description ("وزارة الصحة
    /// العراقية"), without it when a proper name follows the cue ("جمعية ميموريال" → "ميموريال").
    fn organisation(ws: &[Word<'_>], i: usize) -> Option<(usize, usize, String)> {
        let s = &*SETS;
        let w = ws.get(i)?;
        for org in &s.known_orgs {
            let ok = org.iter().enumerate().all(|(k, o)| {
                ws.get(i + k).is_some_and(|x| x.key == *o || (k == 0 && (x.bare == *o || x.core == *o)))
                    && (k + 1 == org.len() || !ws[i + k].ends)
            });
            if ok {
                let first: HashSet<String> = std::iter::once(org[0].clone()).collect();
                let rest = join(&ws[i + 1..i + org.len()]);
                let name =
                    if rest.is_empty() { cue_text(&first, w) } else { format!("{} {rest}", cue_text(&first, w)) };
                return Some((i, i + org.len(), name));
            }
        }
        if !is_cue(&s.org_cues, w) || w.ends {
            return None;
        }
        // The cue as matched: "وكالة" is a cue as written, not "ك" + "الة".
        let definite_cue = cue_form(&s.org_cues, w).starts_with("ال");
        let proper_only = is_cue(&s.proper_only, w);
        let mut end = i + 1;
        let mut proper = false;
        while let Some(x) = ws.get(end) {
            let first = end == i + 1;
            let definite = x.al || gazetteer::country(x.text, None).is_some();
            // A proper name's field, a definite noun under "لـ", ends it ("شركة النجم للنقل").
            if proper && !first && is_field(x) {
                end += 1;
                break;
            }
            // A definite name with its field is a proper name too ("شركة الأفق للنقل").
            if first
                && x.al
                && !x.ends
                && !is_stop(x)
                && name_form(x)
                && !is_descriptor(x)
                && ws.get(end + 1).is_some_and(is_field)
            {
                proper = true;
                end += 2;
                break;
            }
            let ok = if is_stop(x)
                || is_in(&s.title_words, x)
                || (!first && (is_in(&s.not_names, x) || x.key != x.bare))
                || title_at(ws, end).is_some()
                || !name_form(x) && !x.key.ends_with("ية")
            {
                false
            } else if definite {
                // The name's nouns and adjectives ("الصحة العالمية"); after a cue with the
                // article only an adjective ("البنك الدولي", "المحكمة العليا").
                !proper && !proper_only && (!definite_cue || !first || x.key.ends_with(['ي', 'ة', 'ى', 'ا']))
            } else {
                // Indefinite words are a proper name ("حماس", "بريسيجن إير") only right after an
                // indefinite cue, and not adjectives or plurals ("كبيرة", "جنايات").
                (first || proper)
                    && !definite_cue
                    && !x.key.ends_with(['ة', 'ه', 'ى'])
                    && !["ات", "ين", "ون", "اء"].iter().any(|e| x.key.ends_with(e))
                    && !x.key.starts_with(['و', 'ف'])
                    && !is_in(&s.not_names, x)
            };
            if !ok {
                break;
            }
            proper |= first && !definite;
            end += 1;
            if x.ends || end - i > 3 {
                break;
            }
        }
        if end == i + 1 {
            return None;
        }
        // A department in an institution ("مكتب الإعلام في وزارة الصحة"): "في", an institution
        // noun and its definite complement.
        if !proper
            && !ws[end - 1].ends
            && ws.get(end).is_some_and(|x| x.key == "في")
            && ws.get(end + 1).is_some_and(|x| !x.al && !x.ends && is_cue(&s.institutions, x))
            && ws.get(end + 2).is_some_and(|x| x.al && !is_stop(x))
        {
            end += 3;
        }
        if proper && is_cue(&s.brands, w) {
            Some((i, end, join(&ws[i + 1..end])))
        } else {
            Some((i, end, format!("{} {}", cue_text(&s.org_cues, w), join(&ws[i + 1..end]))))
        }
    }

    /// A definite noun under the preposition لـ naming a company's field ("للطيران", "للنقل"):
    /// a verbal noun or a plain noun, not a feminine or plural word ("للمواطنين").
    fn is_field(x: &Word<'_>) -> bool {
        let Some(stem) = x.key.strip_prefix("لل") else { return false };
        let n = stem.chars().count();
        (3..=6).contains(&n)
            && !["ين", "ون", "ات", "ية", "ها", "هم"].iter().any(|e| stem.ends_with(e))
            && !stem.ends_with('ة')
            && !is_stop(x)
            && !is_in(&SETS.not_names, x)
    }

    /// A named place at `i`: a place noun and the name after it ("مدينة إسطنبول" → "إسطنبول",
    /// "العاصمة الصومالية مقديشو" → "مقديشو"), or a name that begins with its noun ("بحيرة
    /// فيكتوريا", "شارع الاستقلال").
    fn place(ws: &[Word<'_>], i: usize, lang: &str) -> Option<(usize, usize, String)> {
        let s = &*SETS;
        let w = ws.get(i)?;
        if w.ends {
            return None;
        }
        if is_cue(&s.place_heads, w) {
            let next = ws.get(i + 1)?;
            let bad = !next.al && (not_name(next, lang) || !name_form(next))
                || next.key.starts_with('و')
                || is_cue(&s.place_cues, next)
                || is_cue(&s.place_heads, next)
                || title_at(ws, i + 1).is_some()
                || (w.core.starts_with("ال") && !next.al);
            if bad {
                return None;
            }
            let head = cue_text(&s.place_heads, w);
            let mut end = i + 2;
            if !next.ends && ws.get(end).is_some_and(|x| x.al && !is_stop(x) && !is_descriptor(x)) {
                end += 1;
            }
            return Some((i, end, format!("{head} {}", join(&ws[i + 1..end]))));
        }
        if !is_cue(&s.place_cues, w) {
            return None;
        }
        let mut j = i + 1;
        while ws.get(j).is_some_and(|x| is_descriptor(x) && !x.ends) {
            j += 1;
        }
        let from = j;
        while let Some(x) = ws.get(j) {
            if not_name(x, lang)
                || !name_form(x)
                || title_at(ws, j).is_some()
                || (x.key.starts_with('و') && x.key != x.bare)
                || (j > from && x.al)
                || (j > from && x.core != x.bare && (is_cue(&s.not_names, x) || s.stops.contains(&x.core)))
                || j - from == 3
            {
                break;
            }
            j += 1;
            // A name with the article stands alone ("مدينة البصرة").
            if x.ends || x.al {
                break;
            }
        }
        (j > from).then(|| (from, j, join(&ws[from..j])))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(found: &[(String, &str)], name: &str, kind: &str) -> bool {
        found.iter().any(|(n, k)| n == name && *k == kind)
    }

    #[test]
    fn chinese_transliterated_names_and_countries() {
        let found = names("巴西总统佩德罗·阿尔瓦雷斯周二在里约热内卢表示，他将前往卡拉奇。", "zh");
        assert!(has(&found, "巴西", "place"), "{found:?}");
        assert!(has(&found, "佩德罗·阿尔瓦雷斯", "person"), "{found:?}");
        assert!(!found.iter().any(|(n, _)| n.contains("总统")), "{found:?}");
        let found = names("伊朗和叙利亚的代表团抵达莫斯科。", "zh");
        assert!(has(&found, "伊朗", "place"), "{found:?}");
        assert!(has(&found, "叙利亚", "place"), "{found:?}");
        assert!(found.iter().any(|(n, _)| n == "莫斯科"), "{found:?}");
    }

    #[test]
    fn chinese_titles_make_people() {
        let found = names("芬兰外长托伊沃宁会见了秘书长古特雷斯。", "zh");
        assert!(has(&found, "芬兰", "place"), "{found:?}");
        assert!(has(&found, "托伊沃宁", "person"), "{found:?}");
        assert!(has(&found, "古特雷斯", "person"), "{found:?}");
        // A Chinese name needs a title or a reporting verb next to it.
        let found = names("外交部发言人刘文强表示，国务委员陈志明在会上说明了情况。", "zh");
        assert!(has(&found, "刘文强", "person"), "{found:?}");
        assert!(has(&found, "陈志明", "person"), "{found:?}");
        assert!(has(&found, "外交部", "org"), "{found:?}");
        let found = names("王先生的公司在高新区开设了新店。", "zh");
        assert!(!found.iter().any(|(n, _)| n.starts_with('高')), "{found:?}");
    }

    #[test]
    fn chinese_organisations() {
        let found = names("挪威外交部和斯坦福大学的研究人员发表报告，当地政府表示欢迎。", "zh");
        assert!(has(&found, "挪威外交部", "org"), "{found:?}");
        assert!(has(&found, "斯坦福大学", "org"), "{found:?}");
        assert!(!found.iter().any(|(n, _)| n.contains("当地")), "{found:?}");
        let found = names("这部分内容由南部地区的部队负责。", "zh");
        assert!(found.is_empty(), "{found:?}");
        let found = names("民主党和共和党在国会展开辩论。", "zh");
        assert!(has(&found, "民主党", "org"), "{found:?}");
        assert!(has(&found, "共和党", "org"), "{found:?}");
    }

    #[test]
    fn chinese_ordinary_words_are_not_names() {
        let found = names("我们必须努力提高基本福利，加强合作，保持密切沟通。", "zh");
        assert!(found.is_empty(), "{found:?}");
        let found = names("沿海地区的居民根据天气预报做好准备，发展中国家也一样。", "zh");
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn japanese_names() {
        let found = names("バイデン米大統領は岸田文雄首相と会談し、外務省が発表した。アメリカとフランス。", "ja");
        assert!(has(&found, "バイデン", "person"), "{found:?}");
        assert!(has(&found, "岸田文雄", "person"), "{found:?}");
        assert!(has(&found, "外務省", "org"), "{found:?}");
        assert!(has(&found, "アメリカ", "place"), "{found:?}");
        let found = names("新しいテレビとコンピューターを買った。", "ja");
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn arabic_people_after_titles_and_verbs() {
        let found = names("وقال وزير الخارجية المصري سامح حسن، إن الاجتماع كان مثمرا.", "ar");
        assert!(has(&found, "سامح حسن", "person"), "{found:?}");
        let found = names("التقى الرئيس الفرنسي جان مارتان في باريس برئيس الوزراء الكندي.", "ar");
        assert!(has(&found, "جان مارتان", "person"), "{found:?}");
        // A name may begin with the letters of a conjunction.
        let found = names("استقبل الرئيس الفرنسي فيليب مارتان من الوفد.", "ar");
        assert!(has(&found, "فيليب مارتان", "person"), "{found:?}");
        let found = names("وأكد خالد يوسف العمري أن المفاوضات مستمرة.", "ar");
        assert!(has(&found, "خالد يوسف العمري", "person"), "{found:?}");
        // An indefinite subject is not a name.
        let found = names("وقال مسؤول حكومي إن القرار نهائي.", "ar");
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn an_arabic_cue_that_begins_like_a_clitic() {
        // "وكالة" is the cue itself, not "و" + "كالة" nor "ك" + "الة".
        let found = names("ذكرت وكالة الأخبار الوطنية أن الجسر افتتح.", "ar");
        assert!(has(&found, "وكالة الأخبار الوطنية", "org"), "{found:?}");
    }

    #[test]
    fn arabic_countries_and_organisations() {
        let found =
            names("وصل الوفد إلى لإيران وبالعراق، وأعلنت وزارة الصحة العراقية عن خطة مع منظمة الصحة العالمية.", "ar");
        assert!(has(&found, "إيران", "place"), "{found:?}");
        assert!(has(&found, "العراق", "place"), "{found:?}");
        assert!(has(&found, "وزارة الصحة العراقية", "org"), "{found:?}");
        assert!(has(&found, "منظمة الصحة العالمية", "org"), "{found:?}");
        let found = names("انتقدت جبهة الخلاص الوطني قرار شركة كبيرة في الولايات المتحدة.", "ar");
        assert!(has(&found, "جبهة الخلاص الوطني", "org"), "{found:?}");
        assert!(has(&found, "الولايات المتحدة", "place"), "{found:?}");
        assert!(!found.iter().any(|(n, _)| n.contains("كبيرة")), "{found:?}");
        // "مالي" is "financial" more often than Mali.
        let found = names("قدمت الحكومة دعما ماليا وتقريرا ماليا.", "ar");
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn persian_and_urdu() {
        let found = names("وزیر امور خارجه ایران گفت که رئیس‌جمهور فرانسه امانوئل مکرون، به تهران سفر می‌کند.", "fa");
        assert!(has(&found, "ایران", "place"), "{found:?}");
        assert!(has(&found, "امانوئل مکرون", "person"), "{found:?}");
        let found = names("وزیراعظم عمران خان نے کہا کہ پاکستان امن چاہتا ہے۔", "ur");
        assert!(has(&found, "عمران خان", "person"), "{found:?}");
        assert!(has(&found, "پاکستان", "place"), "{found:?}");
    }

    #[test]
    fn chinese_traditional_and_separated_names() {
        let found = names("奧地利總統亞歷克斯·范德爾（图）在維也納會見了瑞典首相。", "zh");
        assert!(has(&found, "奧地利", "place"), "{found:?}");
        assert!(has(&found, "亞歷克斯·范德爾", "person"), "{found:?}");
        assert!(has(&found, "瑞典", "place"), "{found:?}");
        // A part of a separated name may hold one character that transliterates nothing.
        let found = names("物理学家安东·蔡林格因其贡献获奖。", "zh");
        assert!(has(&found, "安东·蔡林格", "person"), "{found:?}");
        // Eponyms, titles of works and dates are not names.
        let found = names("他12日获得诺贝尔和平奖，新书《阿尔卡特》出版。", "zh");
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn chinese_descriptions_and_quoted_names() {
        let found = names("挪威人权组织「自由之声」获奖，乌克兰局势仍然紧张，美国部署了新系统。", "zh");
        assert!(has(&found, "自由之声", "org"), "{found:?}");
        assert!(has(&found, "挪威", "place"), "{found:?}");
        assert!(has(&found, "乌克兰", "place"), "{found:?}");
        assert!(!found.iter().any(|(_, k)| *k == "org" && !has(&found, "自由之声", "org")), "{found:?}");
        assert_eq!(found.iter().filter(|(_, k)| *k == "org").count(), 1, "{found:?}");
    }

    #[test]
    fn arabic_events_captions_and_lists() {
        let found = names("وفاة الكاتب المغربي سعيد الزاوي (في الصورة) عن عمر 80 عاما.", "ar");
        assert!(has(&found, "سعيد الزاوي", "person"), "{found:?}");
        let found = names("فوز كل من ماريو روسي وجون سميث ونادية عمر بجائزة العلوم.", "ar");
        assert!(has(&found, "ماريو روسي", "person"), "{found:?}");
        assert!(has(&found, "جون سميث", "person"), "{found:?}");
        assert!(has(&found, "نادية عمر", "person"), "{found:?}");
        // A common noun after an event noun or a verb is not a name.
        let found = names("أكد ارتفاع الأسعار، وكشفت دراسة جديدة أن السكان قلقون.", "ar");
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn arabic_titles_with_an_organisation_fields_and_departments() {
        // A title completed by an organisation: the person after it.
        let found = names("قالت رئيسة نقابة المعلمين سلوى حمدان إن الإضراب مستمر.", "ar");
        assert!(has(&found, "سلوى حمدان", "person"), "{found:?}");
        // A company's field after its name.
        let found = names("أعلنت شركة الأفق للنقل أنها ستفتح فرعا جديدا.", "ar");
        assert!(has(&found, "الأفق للنقل", "org"), "{found:?}");
        // A department in an institution.
        let found = names("نفى مكتب الإعلام في وزارة الزراعة التقارير الأخيرة.", "ar");
        assert!(has(&found, "مكتب الإعلام في وزارة الزراعة", "org"), "{found:?}");
        // Not a place after "في".
        let found = names("افتتح مكتب الإعلام في العاصمة أمس.", "ar");
        assert!(!found.iter().any(|(n, _)| n.contains("العاصمة")), "{found:?}");
    }

    #[test]
    fn arabic_places() {
        let found = names("وقع انفجار في شارع الحرية وسط مدينة طرابلس وفي أمريكا الوسطى.", "ar");
        assert!(has(&found, "شارع الحرية", "place"), "{found:?}");
        assert!(has(&found, "طرابلس", "place"), "{found:?}");
        assert!(has(&found, "أمريكا الوسطى", "place"), "{found:?}");
        let found = names("وصل إلى العاصمة الكينية نيروبي.", "ar");
        assert!(has(&found, "نيروبي", "place"), "{found:?}");
    }

    #[test]
    fn other_languages_give_nothing() {
        assert!(names("President Biden said", "en").is_empty());
        assert!(names("", "zh").is_empty());
        assert!(names("", "ar").is_empty());
    }
}
