{#- Firm identity keys shared by every firm-matching model (docs/matching.md).

    firm_name_key(col)   the ONE name normalisation of the project: every source's Chinese or
                         English firm name goes through it before any name comparison.
    firm_name_core(key)  a name key without a leading province name (浙江省 / 浙江 / 广西壮族自治区),
                         compared only between records of the same province.
    legal_code_key(col)  a 9-character organisation code (GB 11714), or NULL.
    phone7(local)        the last seven digits of a local telephone number.

    The DuckDB implementations are the `default__` macros; another adapter (Spark) gets its
    own `<adapter>__` version through adapter.dispatch. -#}

{#- Traditional -> simplified characters that occur in firm names (company forms, industries,
    places, common brand characters). Only unambiguous one-to-one simplifications. -#}
{% macro firm_traditional_chars() -%}廠業貿電機實發國進東華廣興豐龍門車製紡織鋼鐵銅鋁氣會團際產開來麗寶滙匯聯達遠億萬順貨運輸紙藥醫療飾裝錶鐘燈聲訊網絡軟體設計圖書報陽莊鄉鎮縣區濱灣島嶺蘇閩遼黃劉陳張楊趙吳鄭謝羅葉蕭馮鄧許呂盧蔣賈樂貝寧雲風鳳馬魚鳥鋒銀錦鏈線纖維紅綠藍傳動與範環資貿創選擇標準質種類農場礦煉鍋爐額銷視頻腦橋條車彈煙漢顏紋韓鏡盤齒輪軸鎖鑄鍛壓閥門濟灣廈淵潤澤溫湯滬贛晉冀魯豫鄂湘粵瓊貴隴寧陝臺們個為這時強廳陸鋪倉儲頭號館櫃衛熱術學藝歐亞聖潔淨鴻鵬緯經營瑪麥賽邁飛顯優勝恆榮{%- endmacro %}
{% macro firm_simplified_chars() -%}厂业贸电机实发国进东华广兴丰龙门车制纺织钢铁铜铝气会团际产开来丽宝汇汇联达远亿万顺货运输纸药医疗饰装表钟灯声讯网络软体设计图书报阳庄乡镇县区滨湾岛岭苏闽辽黄刘陈张杨赵吴郑谢罗叶萧冯邓许吕卢蒋贾乐贝宁云风凤马鱼鸟锋银锦链线纤维红绿蓝传动与范环资贸创选择标准质种类农场矿炼锅炉额销视频脑桥条车弹烟汉颜纹韩镜盘齿轮轴锁铸锻压阀门济湾厦渊润泽温汤沪赣晋冀鲁豫鄂湘粤琼贵陇宁陕台们个为这时强厅陆铺仓储头号馆柜卫热术学艺欧亚圣洁净鸿鹏纬经营玛麦赛迈飞显优胜恒荣{%- endmacro %}

{#- Province names as they open firm names: full (浙江省, 广西壮族自治区, 北京市) and short
    (浙江, 广西, 北京) forms; the longest form first so that it wins the alternation. -#}
{% macro firm_province_prefixes() -%}
    {%- set out = [] -%}
    {%- for code, names in firm_province_names().items() -%}{%- do out.append(names[0]) -%}{%- endfor -%}
    {%- for code, names in firm_province_names().items() if names[1] | length > 2 -%}{%- do out.append(names[1]) -%}{%- endfor -%}
    {%- for code, names in firm_province_names().items() if names[1] | length <= 2 -%}{%- do out.append(names[1]) -%}{%- endfor -%}
    {{ return(out) }}
{%- endmacro %}

{#- translate() costs microseconds per character of its lists, so each runs only on the names
    that hold a character it would change (a fast regular-expression test). -#}
{% macro _firm_to_halfwidth(col) -%}
    case when regexp_matches({{ col }}, '[！-～　【】〔〕（）]')
         then translate({{ col }},
             '！＂＃＄％＆＇（）＊＋，－．／０１２３４５６７８９：；＜＝＞？＠ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ［＼］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ｛｜｝～　【】〔〕',
             '!"#$%&''()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`abcdefghijklmnopqrstuvwxyz{|}~ []()')
         else {{ col }} end
{%- endmacro %}

{% macro _firm_to_simplified(expr) -%}
    case when regexp_matches({{ expr }}, '[{{ firm_traditional_chars() }}]')
         then translate({{ expr }}, '{{ firm_traditional_chars() }}', '{{ firm_simplified_chars() }}')
         else {{ expr }} end
{%- endmacro %}

{% macro firm_name_key(col) -%}
    {{ return(adapter.dispatch('firm_name_key')(col)) }}
{%- endmacro %}

{#- The matching key of a firm name (Chinese or English), NULL when nothing is left:
      1. full-width Latin letters, digits, punctuation and the ideographic space to half-width;
         Chinese brackets to ASCII (normalize_cn_text does this, keeping spaces for step 3);
      2. traditional characters to simplified (the list above);
      3. upper case; English legal forms as words: COMPANY LIMITED / LIMITED / COMPANY /
         CORPORATION / INCORPORATED -> CO LTD / LTD / CO / CORP / INC, '&' -> AND
         ('Xinda Co., Ltd.' = 'XINDA COMPANY LIMITED' = 'Xinda Co.,Ltd');
      4. 有限责任公司 -> 有限公司 (the same legal form written long or short);
      5. everything but letters, digits and Chinese characters removed (spaces, brackets,
         dots, commas, hyphens, middle dots: '(中国)' = '（中国）' = '中国');
      6. '市' right after a leading 2-4 character city name dropped (杭州市新达 = 杭州新达).
    A province written in front of the name is kept (it can be part of the registered name:
    浙江省机械进出口公司); firm_name_core drops it for comparisons within one province. -#}
{% macro default__firm_name_key(col) -%}
    nullif(regexp_replace(regexp_replace(replace(
        regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
            upper({{ _firm_to_simplified(_firm_to_halfwidth(col)) }}),
            '&', ' AND ', 'g'),
            '\bCOMPANY\s+LIMITED\b', 'CO LTD', 'g'), '\bLIMITED\b', 'LTD', 'g'),
            '\bCOMPANY\b', 'CO', 'g'), '\bCORPORATION\b', 'CORP', 'g'),
            '\bINCORPORATED\b', 'INC', 'g'),
        '有限责任公司', '有限公司'),
        '[^0-9A-Z\p{Han}]+', '', 'g'),
        '^(\p{Han}{2,4})市', '\1'), '')
{%- endmacro %}

{% macro firm_name_core(key) -%}
    {{ return(adapter.dispatch('firm_name_core')(key)) }}
{%- endmacro %}

{#- A name key without the province in front of it, then without the '市' of a city that
    followed the province (浙江省杭州市新达 -> 杭州新达); NULL when nothing would be left or the
    key has no province prefix (the core then equals the key: callers coalesce). -#}
{% macro default__firm_name_core(key) -%}
    case when regexp_matches({{ key }}, '^({{ firm_province_prefixes() | join("|") }}).{2,}')
         then nullif(regexp_replace(regexp_replace({{ key }}, '^({{ firm_province_prefixes() | join("|") }})', ''),
                                    '^(\p{Han}{2,4})市', '\1'), '')
         else {{ key }} end
{%- endmacro %}

{% macro legal_code_key(col) -%}
    {{ return(adapter.dispatch('legal_code_key')(col)) }}
{%- endmacro %}

{#- Organisation code (组织机构代码, GB 11714) as a key: separators dropped, upper case; an
    18-character unified social credit code gives its characters 9-17. NULL unless 8 digits or
    letters + a digit or X, and not a placeholder (the first eight characters all the same,
    e.g. 00000000-0). -#}
{% macro default__legal_code_key(col) -%}
    {%- set clean = "upper(regexp_replace(" ~ col ~ ", '[^0-9A-Za-z]', '', 'g'))" -%}
    {%- set code = "case when length(" ~ clean ~ ") = 18 then substr(" ~ clean ~ ", 9, 9) else " ~ clean ~ " end" -%}
    case when regexp_full_match({{ code }}, '[0-9A-Z]{8}[0-9X]')
          and not regexp_full_match(left({{ code }}, 8), '0{8}|1{8}|2{8}|3{8}|4{8}|5{8}|6{8}|7{8}|8{8}|9{8}')
         then {{ code }} end
{%- endmacro %}

{#- Last seven digits of a local number (7-digit numbers gained a leading 8 when cities moved
    to 8 digits, so the last seven are stable); NULL for shorter numbers. -#}
{% macro phone7(local) -%}
    case when length({{ local }}) >= 7 then right({{ local }}, 7) end
{%- endmacro %}

{#- Province (GB/T 2260 code) -> the names that open firm names and addresses, full and short,
    and the one-character abbreviation of ICP filing numbers (浙ICP备...). -#}
{% macro firm_province_names() -%}
    {{ return({
        '110000': ['北京市', '北京', '京'], '120000': ['天津市', '天津', '津'],
        '130000': ['河北省', '河北', '冀'], '140000': ['山西省', '山西', '晋'],
        '150000': ['内蒙古自治区', '内蒙古', '蒙'], '210000': ['辽宁省', '辽宁', '辽'],
        '220000': ['吉林省', '吉林', '吉'], '230000': ['黑龙江省', '黑龙江', '黑'],
        '310000': ['上海市', '上海', '沪'], '320000': ['江苏省', '江苏', '苏'],
        '330000': ['浙江省', '浙江', '浙'], '340000': ['安徽省', '安徽', '皖'],
        '350000': ['福建省', '福建', '闽'], '360000': ['江西省', '江西', '赣'],
        '370000': ['山东省', '山东', '鲁'], '410000': ['河南省', '河南', '豫'],
        '420000': ['湖北省', '湖北', '鄂'], '430000': ['湖南省', '湖南', '湘'],
        '440000': ['广东省', '广东', '粤'], '450000': ['广西壮族自治区', '广西', '桂'],
        '460000': ['海南省', '海南', '琼'], '500000': ['重庆市', '重庆', '渝'],
        '510000': ['四川省', '四川', '川'], '520000': ['贵州省', '贵州', '贵'],
        '530000': ['云南省', '云南', '云'], '540000': ['西藏自治区', '西藏', '藏'],
        '610000': ['陕西省', '陕西', '陕'], '620000': ['甘肃省', '甘肃', '甘'],
        '630000': ['青海省', '青海', '青'], '640000': ['宁夏回族自治区', '宁夏', '宁'],
        '650000': ['新疆维吾尔自治区', '新疆', '新']}) }}
{%- endmacro %}

{#- The province code of a text that opens with a province name (full or short form): a name
    key (浙江省杭州新达 -> 330000) or an address; NULL otherwise. -#}
{% macro province_code_of_prefix(col) -%}
    case
    {%- for code, names in firm_province_names().items() %}
        when {{ col }} like '{{ names[0] }}%' or {{ col }} like '{{ names[1] }}%' then '{{ code }}'
    {%- endfor %}
    end
{%- endmacro %}

{#- The province code of a one-character ICP filing abbreviation (浙 -> 330000). -#}
{% macro province_code_of_abbr(col) -%}
    case {{ col }}
    {%- for code, names in firm_province_names().items() %}
        when '{{ names[2] }}' then '{{ code }}'
    {%- endfor %}
        when '蜀' then '510000' when '黔' then '520000' when '滇' then '530000'
        when '秦' then '610000' when '陇' then '620000'
    end
{%- endmacro %}

{#- Regular expressions through our own macros (DuckDB RE2 here; another adapter dispatches). -#}
{% macro rx_contains(col, pattern) -%}
    {{ return(adapter.dispatch('rx_contains')(col, pattern)) }}
{%- endmacro %}
{% macro default__rx_contains(col, pattern) -%}
    regexp_matches({{ col }}, '{{ pattern }}')
{%- endmacro %}

{% macro rx_full(col, pattern) -%}
    {{ return(adapter.dispatch('rx_full')(col, pattern)) }}
{%- endmacro %}
{% macro default__rx_full(col, pattern) -%}
    regexp_full_match({{ col }}, '{{ pattern }}')
{%- endmacro %}

{#- One row per element of a ';' / '；'-separated list column: `split_list_rows('x')` in a
    select list yields the trimmed element (DuckDB unnest of a regex split). -#}
{% macro split_list_rows(col) -%}
    {{ return(adapter.dispatch('split_list_rows')(col)) }}
{%- endmacro %}
{% macro default__split_list_rows(col) -%}
    trim(unnest(string_split_regex({{ col }}, '[;；]')))
{%- endmacro %}

{#- Select-list fragment: one row per position of several parallel `sep`-separated list columns
    (the n-th element of each), with the position as `seq_name` (1 = first). -#}
{% macro split_parallel_lists(cols, sep, seq_name) -%}
    {{ return(adapter.dispatch('split_parallel_lists')(cols, sep, seq_name)) }}
{%- endmacro %}
{% macro default__split_parallel_lists(cols, sep, seq_name) -%}
    cast(generate_subscripts(string_split(coalesce({{ cols[0] }}, ''), '{{ sep }}'), 1) as integer) as {{ seq_name }},
    {%- for c in cols %}
    unnest(string_split(coalesce({{ c }}, ''), '{{ sep }}')) as {{ c }}{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}
