//! The 学年別漢字配当表 (kanji by school grade) of the 2017 course of study, in force in
//! elementary schools from 2020: 1026 kanji (grade 1: 80, 2: 160, 3: 200, 4: 202,
//! 5: 193, 6: 191). The 2020 revision added the 20 prefecture kanji to grade 4
//! (茨 媛 岡 潟 岐 熊 香 佐 埼 崎 滋 鹿 縄 井 沖 栃 奈 梨 阪 阜) and moved others:
//! 4→5 囲 紀 喜 救 型 航 告 殺 士 史 象 賞 貯 停 堂 得 毒 費 粉 脈 歴; 4→6 胃 腸;
//! 5→4 賀 群 徳 富; 5→6 恩 券 承 舌 銭 退 敵 俵 預; 6→4 城.
//!
//! Used for `data-g` on `<ruby>`: the reader can show furigana only above a grade.

use std::collections::HashMap;
use std::sync::LazyLock;

/// The grade given to kanji taught after elementary school (and to unknown bases).
pub const BEYOND: u8 = 7;

/// Grade 1: 80 kanji.
pub const GRADE_1: &str = "\
    一右雨円王音下火花貝学気九休玉金空月犬見五口校左三山子四糸字耳七車手十出女小上森\
    人水正生青夕石赤千川先早草足村大男竹中虫町天田土二日入年白八百文木本名目立力林六";

/// Grade 2: 160 kanji.
pub const GRADE_2: &str = "\
    引羽雲園遠何科夏家歌画回会海絵外角楽活間丸岩顔汽記帰弓牛魚京強教近兄形計元言原戸\
    古午後語工公広交光考行高黄合谷国黒今才細作算止市矢姉思紙寺自時室社弱首秋週春書少\
    場色食心新親図数西声星晴切雪船線前組走多太体台地池知茶昼長鳥朝直通弟店点電刀冬当\
    東答頭同道読内南肉馬売買麦半番父風分聞米歩母方北毎妹万明鳴毛門夜野友用曜来里理話";

/// Grade 3: 200 kanji.
pub const GRADE_3: &str = "\
    悪安暗医委意育員院飲運泳駅央横屋温化荷界開階寒感漢館岸起期客究急級宮球去橋業曲局\
    銀区苦具君係軽血決研県庫湖向幸港号根祭皿仕死使始指歯詩次事持式実写者主守取酒受州\
    拾終習集住重宿所暑助昭消商章勝乗植申身神真深進世整昔全相送想息速族他打対待代第題\
    炭短談着注柱丁帳調追定庭笛鉄転都度投豆島湯登等動童農波配倍箱畑発反坂板皮悲美鼻筆\
    氷表秒病品負部服福物平返勉放味命面問役薬由油有遊予羊洋葉陽様落流旅両緑礼列練路和";

/// Grade 4: 202 kanji.
pub const GRADE_4: &str = "\
    愛案以衣位茨印英栄媛塩岡億加果貨課芽賀改械害街各覚潟完官管関観願岐希季旗器機議求\
    泣給挙漁共協鏡競極熊訓軍郡群径景芸欠結建健験固功好香候康佐差菜最埼材崎昨札刷察参\
    産散残氏司試児治滋辞鹿失借種周祝順初松笑唱焼照城縄臣信井成省清静席積折節説浅戦選\
    然争倉巣束側続卒孫帯隊達単置仲沖兆低底的典伝徒努灯働特徳栃奈梨熱念敗梅博阪飯飛必\
    票標不夫付府阜富副兵別辺変便包法望牧末満未民無約勇要養浴利陸良料量輪類令冷例連老\
    労録";

/// Grade 5: 193 kanji.
pub const GRADE_5: &str = "\
    圧囲移因永営衛易益液演応往桜可仮価河過快解格確額刊幹慣眼紀基寄規喜技義逆久旧救居\
    許境均禁句型経潔件険検限現減故個護効厚耕航鉱構興講告混査再災妻採際在財罪殺雑酸賛\
    士支史志枝師資飼示似識質舎謝授修述術準序招証象賞条状常情織職制性政勢精製税責績接\
    設絶祖素総造像増則測属率損貸態団断築貯張停提程適統堂銅導得毒独任燃能破犯判版比肥\
    非費備評貧布婦武復複仏粉編弁保墓報豊防貿暴脈務夢迷綿輸余容略留領歴";

/// Grade 6: 191 kanji.
pub const GRADE_6: &str = "\
    胃異遺域宇映延沿恩我灰拡革閣割株干巻看簡危机揮貴疑吸供胸郷勤筋系敬警劇激穴券絹権\
    憲源厳己呼誤后孝皇紅降鋼刻穀骨困砂座済裁策冊蚕至私姿視詞誌磁射捨尺若樹収宗就衆従\
    縦縮熟純処署諸除承将傷障蒸針仁垂推寸盛聖誠舌宣専泉洗染銭善奏窓創装層操蔵臓存尊退\
    宅担探誕段暖値宙忠著庁頂腸潮賃痛敵展討党糖届難乳認納脳派拝背肺俳班晩否批秘俵腹奮\
    並陛閉片補暮宝訪亡忘棒枚幕密盟模訳郵優預幼欲翌乱卵覧裏律臨朗論";

static TABLE: LazyLock<HashMap<char, u8, foldhash::fast::FixedState>> = LazyLock::new(|| {
    let mut map = HashMap::with_capacity_and_hasher(1026, foldhash::fast::FixedState::default());
    for (grade, list) in (1u8..).zip([GRADE_1, GRADE_2, GRADE_3, GRADE_4, GRADE_5, GRADE_6]) {
        for c in list.chars() {
            map.insert(c, grade);
        }
    }
    map
});

/// The school grade (1–6) in which `c` is taught, `None` for kanji outside the table
/// and for every other character.
pub fn grade(c: char) -> Option<u8> {
    TABLE.get(&c).copied()
}

/// The grade of a ruby base: the highest grade of its kanji, [`BEYOND`] when one is not
/// in the table. A base without kanji of its own (々 alone) takes `previous`, the grade
/// of the kanji just before it, or [`BEYOND`].
pub fn base_grade(base: &str, previous: Option<u8>) -> u8 {
    let mut highest = None;
    for c in base.chars().filter(|&c| super::kana::is_kanji(c)) {
        let g = match c {
            '々' | '〆' | 'ヶ' | 'ヵ' => continue,
            _ => grade(c).unwrap_or(BEYOND),
        };
        highest = highest.max(Some(g));
    }
    highest.or(previous).unwrap_or(BEYOND)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_per_grade() {
        let counts: Vec<usize> = [GRADE_1, GRADE_2, GRADE_3, GRADE_4, GRADE_5, GRADE_6]
            .iter()
            .map(|g| g.chars().count())
            .collect();
        assert_eq!(counts, [80, 160, 200, 202, 193, 191]);
        assert_eq!(TABLE.len(), 1026, "a kanji is listed twice");
    }

    #[test]
    fn bases() {
        assert_eq!(base_grade("地域", None), 6);
        assert_eq!(base_grade("福祉", None), BEYOND);
        assert_eq!(base_grade("様々", None), 3);
        assert_eq!(base_grade("々", Some(3)), 3);
        assert_eq!(base_grade("々", None), BEYOND);
        assert_eq!(base_grade("か所", None), 3);
    }
}
