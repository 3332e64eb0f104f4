#!/usr/bin/env python3
"""Write tools/ds-quality/tables.h: the data ds-quality(1) reproduces.

  scripts/gen-quality-tables.py NAUGHTY_WORDS_DIR > tools/ds-quality/tables.h

NAUGHTY_WORDS_DIR is the unpacked npm package naughty-words 1.0.2
(`npm pack naughty-words@1.0.2 && tar xzf naughty-words-1.0.2.tgz`, then
package/; CC-BY-4.0), whose en.json is the LDNOOBW English list: 377 entries,
those of LDNOOBW en at 25e679f, the list datatrove 0.10.0 downloads (later
versions of the package add words, e.g. "sexual"). The rest is data restated
here from its sources:

  - spaCy 3.8 (MIT): the English tokenizer's prefix, suffix and infix patterns
    (spacy/lang/char_classes.py, spacy/lang/punctuation.py,
    spacy/lang/en/punctuation.py), the URL pattern and the tokenizer exceptions
    (spacy/lang/tokenizer_exceptions.py, spacy/lang/en/tokenizer_exceptions.py)
    and the sentencizer's sentence-final characters;
  - datatrove 0.10.0 (Apache-2.0): PUNCTUATION and TERMINAL_PUNCTUATION
    (src/datatrove/utils/text.py).

Patterns are written for PCRE2 (UTF + UCP): Python's \\uXXXX escapes become
\\x{XXXX}. The output is plain ASCII C, committed, so the build needs neither
Python nor the network.
"""
import json
import os
import re
import sys

# --- spaCy char classes ------------------------------------------------------
_latin_u_standard = r"A-Z"
_latin_l_standard = r"a-z"
_latin_u_standard_fullwidth = r"\uFF21-\uFF3A"
_latin_l_standard_fullwidth = r"\uFF41-\uFF5A"
_latin_u_supplement = r"\u00C0-\u00D6\u00D8-\u00DE"
_latin_l_supplement = r"\u00DF-\u00F6\u00F8-\u00FF"
_latin_supplement = r"\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u00FF"
_hangul = r"\uAC00-\uD7AF\u1100-\u11FF"
_latin_u_extendedA = (
    r"\u0100\u0102\u0104\u0106\u0108\u010A\u010C\u010E\u0110\u0112\u0114\u0116\u0118\u011A\u011C"
    r"\u011E\u0120\u0122\u0124\u0126\u0128\u012A\u012C\u012E\u0130\u0132\u0134\u0136\u0139\u013B"
    r"\u013D\u013F\u0141\u0143\u0145\u0147\u014A\u014C\u014E\u0150\u0152\u0154\u0156\u0158"
    r"\u015A\u015C\u015E\u0160\u0162\u0164\u0166\u0168\u016A\u016C\u016E\u0170\u0172\u0174\u0176"
    r"\u0178\u0179\u017B\u017D")
_latin_l_extendedA = (
    r"\u0101\u0103\u0105\u0107\u0109\u010B\u010D\u010F\u0111\u0113\u0115\u0117\u0119\u011B\u011D"
    r"\u011F\u0121\u0123\u0125\u0127\u0129\u012B\u012D\u012F\u0131\u0133\u0135\u0137\u0138\u013A"
    r"\u013C\u013E\u0140\u0142\u0144\u0146\u0148\u0149\u014B\u014D\u014F\u0151\u0153\u0155\u0157"
    r"\u0159\u015B\u015D\u015F\u0161\u0163\u0165\u0167\u0169\u016B\u016D\u016F\u0171\u0173\u0175"
    r"\u0177\u017A\u017C\u017E\u017F")
_latin_extendedA = r"\u0100-\u017F"
_latin_u_extendedB = (
    r"\u0181\u0182\u0184\u0186\u0187\u0189-\u018B\u018E-\u0191\u0193\u0194\u0196-\u0198\u019C"
    r"\u019D\u019F\u01A0\u01A2\u01A4\u01A6\u01A7\u01A9\u01AC\u01AE\u01AF\u01B1-\u01B3\u01B5"
    r"\u01B7\u01B8\u01BC\u01C4\u01C7\u01CA\u01CD\u01CF\u01D1\u01D3\u01D5\u01D7\u01D9\u01DB"
    r"\u01DE\u01E0\u01E2\u01E4\u01E6\u01E8\u01EA\u01EC\u01EE\u01F1\u01F4\u01F6-\u01F8\u01FA"
    r"\u01FC\u01FE\u0200\u0202\u0204\u0206\u0208\u020A\u020C\u020E\u0210\u0212\u0214\u0216"
    r"\u0218\u021A\u021C\u021E\u0220\u0222\u0224\u0226\u0228\u022A\u022C\u022E\u0230\u0232"
    r"\u023A\u023B\u023D\u023E\u0241\u0243-\u0246\u0248\u024A\u024C\u024E")
_latin_l_extendedB = (
    r"\u0180\u0183\u0185\u0188\u018C\u018D\u0192\u0195\u0199-\u019B\u019E\u01A1\u01A3\u01A5"
    r"\u01A8\u01AA\u01AB\u01AD\u01B0\u01B4\u01B6\u01B9\u01BA\u01BD-\u01BF\u01C6\u01C9\u01CC"
    r"\u01CE\u01D0\u01D2\u01D4\u01D6\u01D8\u01DA\u01DC\u01DD\u01DF\u01E1\u01E3\u01E5\u01E7"
    r"\u01E9\u01EB\u01ED\u01EF\u01F0\u01F3\u01F5\u01F9\u01FB\u01FD\u01FF\u0201\u0203\u0205"
    r"\u0207\u0209\u020B\u020D\u020F\u0211\u0213\u0215\u0217\u0219\u021B\u021D\u021F\u0221"
    r"\u0223\u0225\u0227\u0229\u022B\u022D\u022F\u0231\u0233-\u0239\u023C\u023F\u0240\u0242"
    r"\u0247\u0249\u024B\u024D\u024F")
_latin_extendedB = r"\u0180-\u01BF\u01C4-\u024F"
_latin_u_extendedC = r"\u2C60\u2C62-\u2C64\u2C67\u2C69\u2C6B\u2C6D-\u2C70\u2C72\u2C75\u2C7E\u2C7F"
_latin_l_extendedC = r"\u2C61\u2C65\u2C66\u2C68\u2C6A\u2C6C\u2C71\u2C73\u2C74\u2C76-\u2C7B"
_latin_extendedC = r"\u2C60-\u2C7B\u2C7E\u2C7F"
_latin_u_extendedD = (
    r"\uA722\uA724\uA726\uA728\uA72A\uA72C\uA72E\uA732\uA734\uA736\uA738\uA73A\uA73C"
    r"\uA73E\uA740\uA742\uA744\uA746\uA748\uA74A\uA74C\uA74E\uA750\uA752\uA754\uA756\uA758"
    r"\uA75A\uA75C\uA75E\uA760\uA762\uA764\uA766\uA768\uA76A\uA76C\uA76E\uA779\uA77B\uA77D"
    r"\uA77E\uA780\uA782\uA784\uA786\uA78B\uA78D\uA790\uA792\uA796\uA798\uA79A\uA79C\uA79E"
    r"\uA7A0\uA7A2\uA7A4\uA7A6\uA7A8\uA7AA-\uA7AE\uA7B0-\uA7B4\uA7B6\uA7B8")
_latin_l_extendedD = (
    r"\uA723\uA725\uA727\uA729\uA72B\uA72D\uA72F-\uA731\uA733\uA735\uA737\uA739\uA73B\uA73D"
    r"\uA73F\uA741\uA743\uA745\uA747\uA749\uA74B\uA74D\uA74F\uA751\uA753\uA755\uA757\uA759"
    r"\uA75B\uA75D\uA75F\uA761\uA763\uA765\uA767\uA769\uA76B\uA76D\uA76F\uA771-\uA778\uA77A"
    r"\uA77C\uA77F\uA781\uA783\uA785\uA787\uA78C\uA78E\uA791\uA793-\uA795\uA797\uA799\uA79B"
    r"\uA79D\uA79F\uA7A1\uA7A3\uA7A5\uA7A7\uA7A9\uA7AF\uA7B5\uA7B7\uA7B9\uA7FA")
_latin_extendedD = r"\uA722-\uA76F\uA771-\uA787\uA78B-\uA78E\uA790-\uA7B9\uA7FA"
_latin_l_extendedE = r"\uAB30-\uAB5A\uAB60-\uAB64"
_latin_l_phonetic = r"\u0250-\u02AF\u1D00-\u1D25\u1D6B-\u1D77\u1D79-\u1D9A"
_latin_u_diacritics = "".join(r"\u%04X" % c for c in range(0x1E00, 0x1E95, 2)) + \
    r"\u1E9E" + "".join(r"\u%04X" % c for c in range(0x1EA0, 0x1F00, 2))
_latin_l_diacritics = "".join(r"\u%04X" % c for c in range(0x1E01, 0x1E95, 2)) + \
    r"\u1E95-\u1E9D\u1E9F" + "".join(r"\u%04X" % c for c in range(0x1EA1, 0x1F00, 2))
_latin_diacritics = r"\u1E00-\u1EFF"

LATIN_LOWER = (_latin_l_standard + _latin_l_standard_fullwidth + _latin_l_supplement
               + _latin_l_extendedA + _latin_l_extendedB + _latin_l_extendedC
               + _latin_l_extendedD + _latin_l_extendedE + _latin_l_phonetic + _latin_l_diacritics)
LATIN_UPPER = (_latin_u_standard + _latin_u_standard_fullwidth + _latin_u_supplement
               + _latin_u_extendedA + _latin_u_extendedB + _latin_u_extendedC
               + _latin_u_extendedD + _latin_u_diacritics)
LATIN = (_latin_u_standard + _latin_l_standard + _latin_u_standard_fullwidth
         + _latin_l_standard_fullwidth + _latin_supplement + _latin_extendedA
         + _latin_extendedB + _latin_extendedC + _latin_extendedD + _latin_l_extendedE
         + _latin_l_phonetic + _latin_diacritics)
_persian = (r"\u0620-\u064A\u066E-\u06D5\u06E5-\u06FF\u0750-\u077F\u08A0-\u08BD"
            r"\uFB50-\uFBB1\uFBD3-\uFD3D\uFD50-\uFDC7\uFDF0-\uFDFB\uFE70-\uFEFC\U0001EE00-\U0001EEBB")
_cjk = (r"\u4E00-\u62FF\u6300-\u77FF\u7800-\u8CFF\u8D00-\u9FFF\u3400-\u4DBF"
        r"\U00020000-\U000215FF\U00021600-\U000230FF\U00023100-\U000245FF"
        r"\U00024600-\U000260FF\U00026100-\U000275FF\U00027600-\U000290FF"
        r"\U00029100-\U0002A6DF\U0002A700-\U0002B73F\U0002B740-\U0002B81F"
        r"\U0002B820-\U0002CEAF\U0002CEB0-\U0002EBEF\u2E80-\u2EFF\u2F00-\u2FDF"
        r"\u2FF0-\u2FFF\u3000-\u303F\u31C0-\u31EF\u3200-\u32FF\u3300-\u33FF"
        r"\uF900-\uFAFF\uFE30-\uFE4F\U0001F200-\U0001F2FF\U0002F800-\U0002FA1F")
_russian_lower, _russian_upper = "ёа-я", "ЁА-Я"
_tatar_lower, _tatar_upper = "әөүҗңһ", "ӘӨҮҖҢҺ"
_greek_lower, _greek_upper = "α-ωάέίόώήύ", "Α-ΩΆΈΊΌΏΉΎ"
_ukrainian_lower, _ukrainian_upper = "а-щюяіїєґ", "А-ЩЮЯІЇЄҐ"
_upper = LATIN_UPPER + _russian_upper + _tatar_upper + _greek_upper + _ukrainian_upper
_lower = LATIN_LOWER + _russian_lower + _tatar_lower + _greek_lower + _ukrainian_lower
_uncased = (r"\u0980-\u09FF" + r"\u0591-\u05F4\uFB1D-\uFB4F" + _persian + r"\u0D80-\u0DFF"
            + r"\u0900-\u097F" + r"\u0C80-\u0CFF" + r"\u0B80-\u0BFF" + r"\u0C00-\u0C7F"
            + _hangul + _cjk)
ALPHA = (LATIN + _russian_lower + _russian_upper + _tatar_lower + _tatar_upper + _greek_lower
         + _greek_upper + _ukrainian_lower + _ukrainian_upper + _uncased)
ALPHA_LOWER = _lower + _uncased
ALPHA_UPPER = _upper + _uncased

_units = ("km km² km³ m m² m³ dm dm² dm³ cm cm² cm³ mm mm² mm³ ha µm nm yd in ft "
          "kg g mg µg t lb oz m/s km/h kmh mph hPa Pa mbar mb MB kb KB gb GB tb "
          "TB T G M K % км км² км³ м м² м³ дм дм² дм³ см см² см³ мм мм² мм³ нм "
          "кг г мг м/с км/ч кПа Па мбар Кб КБ кб Мб МБ мб Гб ГБ гб Тб ТБ тб"
          "كم كم² كم³ م م² م³ سم سم² سم³ مم مم² مم³ كم غرام جرام جم كغ ملغ كوب اكواب")
_currency = r"\$ £ € ¥ ฿ US\$ C\$ A\$ ₽ ﷼ ₴"
_punct = r"… …… , : ; \! \? ¿ ؟ ¡ \( \) \[ \] \{ \} < > _ # \* & 。 ？ ！ ， 、 ； ： ～ · । ، ۔ ؛ ٪"
_quotes = r'\' " ” “ ` ‘ ´ ’ ‚ , „ » « 「 」 『 』 （ ） 〔 〕 【 】 《 》 〈 〉'
_hyphens = "- – — -- --- —— ~"
_other_symbols = (
    r"\u00A6\u00A9\u00AE\u00B0\u0482\u058D\u058E\u060E\u060F\u06DE\u06E9\u06FD\u06FE\u07F6\u09FA\u0B70"
    r"\u0BF3-\u0BF8\u0BFA\u0C7F\u0D4F\u0D79\u0F01-\u0F03\u0F13\u0F15-\u0F17\u0F1A-\u0F1F\u0F34"
    r"\u0F36\u0F38\u0FBE-\u0FC5\u0FC7-\u0FCC\u0FCE\u0FCF\u0FD5-\u0FD8\u109E\u109F\u1390-\u1399"
    r"\u1940\u19DE-\u19FF\u1B61-\u1B6A\u1B74-\u1B7C\u2100\u2101\u2103-\u2106\u2108\u2109\u2114\u2116"
    r"\u2117\u211E-\u2123\u2125\u2127\u2129\u212E\u213A\u213B\u214A\u214C\u214D\u214F\u218A\u218B"
    r"\u2195-\u2199\u219C-\u219F\u21A1\u21A2\u21A4\u21A5\u21A7-\u21AD\u21AF-\u21CD\u21D0\u21D1\u21D3"
    r"\u21D5-\u21F3\u2300-\u2307\u230C-\u231F\u2322-\u2328\u232B-\u237B\u237D-\u239A\u23B4-\u23DB"
    r"\u23E2-\u2426\u2440-\u244A\u249C-\u24E9\u2500-\u25B6\u25B8-\u25C0\u25C2-\u25F7\u2600-\u266E"
    r"\u2670-\u2767\u2794-\u27BF\u2800-\u28FF\u2B00-\u2B2F\u2B45\u2B46\u2B4D-\u2B73\u2B76-\u2B95"
    r"\u2B98-\u2BC8\u2BCA-\u2BFE\u2CE5-\u2CEA\u2E80-\u2E99\u2E9B-\u2EF3\u2F00-\u2FD5\u2FF0-\u2FFB"
    r"\u3004\u3012\u3013\u3020\u3036\u3037\u303E\u303F\u3190\u3191\u3196-\u319F\u31C0-\u31E3"
    r"\u3200-\u321E\u322A-\u3247\u3250\u3260-\u327F\u328A-\u32B0\u32C0-\u32FE\u3300-\u33FF\u4DC0-\u4DFF"
    r"\uA490-\uA4C6\uA828-\uA82B\uA836\uA837\uA839\uAA77-\uAA79\uFDFD\uFFE4\uFFE8\uFFED\uFFEE\uFFFC"
    r"\uFFFD\U00010137-\U0001013F\U00010179-\U00010189\U0001018C-\U0001018E\U00010190-\U0001019B"
    r"\U000101A0\U000101D0-\U000101FC\U00010877\U00010878\U00010AC8\U0001173F\U00016B3C-\U00016B3F"
    r"\U00016B45\U0001BC9C\U0001D000-\U0001D0F5\U0001D100-\U0001D126\U0001D129-\U0001D164"
    r"\U0001D16A-\U0001D16C\U0001D183\U0001D184\U0001D18C-\U0001D1A9\U0001D1AE-\U0001D1E8"
    r"\U0001D200-\U0001D241\U0001D245\U0001D300-\U0001D356\U0001D800-\U0001D9FF\U0001DA37-\U0001DA3A"
    r"\U0001DA6D-\U0001DA74\U0001DA76-\U0001DA83\U0001DA85\U0001DA86\U0001ECAC\U0001F000-\U0001F02B"
    r"\U0001F030-\U0001F093\U0001F0A0-\U0001F0AE\U0001F0B1-\U0001F0BF\U0001F0C1-\U0001F0CF"
    r"\U0001F0D1-\U0001F0F5\U0001F110-\U0001F16B\U0001F170-\U0001F1AC\U0001F1E6-\U0001F202"
    r"\U0001F210-\U0001F23B\U0001F240-\U0001F248\U0001F250\U0001F251\U0001F260-\U0001F265"
    r"\U0001F300-\U0001F3FA\U0001F400-\U0001F6D4\U0001F6E0-\U0001F6EC\U0001F6F0-\U0001F6F9"
    r"\U0001F700-\U0001F773\U0001F780-\U0001F7D8\U0001F800-\U0001F80B\U0001F810-\U0001F847"
    r"\U0001F850-\U0001F859\U0001F860-\U0001F887\U0001F890-\U0001F8AD\U0001F900-\U0001F90B"
    r"\U0001F910-\U0001F93E\U0001F940-\U0001F970\U0001F973-\U0001F976\U0001F97A\U0001F97C-\U0001F9A2"
    r"\U0001F9B0-\U0001F9B9\U0001F9C0-\U0001F9C2\U0001F9D0-\U0001F9FF\U0001FA60-\U0001FA6D")

UNITS = _units.strip().replace(" ", "|")
CURRENCY = _currency.strip().replace(" ", "|")
PUNCT = _punct.strip().replace(" ", "|")
HYPHENS = _hyphens.strip().replace(" ", "|")
LIST_CURRENCY = _currency.split(" ")
LIST_QUOTES = _quotes.split(" ")
LIST_PUNCT = _punct.split(" ")
LIST_ELLIPSES = [r"\.\.+", "…"]
LIST_ICONS = [r"[%s]" % _other_symbols]
CONCAT_QUOTES = _quotes.replace(" ", "")

PREFIXES = (["§", "%", "=", "—", "–", r"\+(?![0-9])"] + LIST_PUNCT + LIST_ELLIPSES
            + LIST_QUOTES + LIST_CURRENCY + LIST_ICONS)
SUFFIXES = (LIST_PUNCT + LIST_ELLIPSES + LIST_QUOTES + LIST_ICONS
            + ["'s", "'S", "’s", "’S", "—", "–"]
            + [r"(?<=[0-9])\+",
               r"(?<=°[FfCcKk])\.",
               r"(?<=[0-9])(?:%s)" % CURRENCY,
               r"(?<=[0-9])(?:%s)" % UNITS,
               r"(?<=[0-9%s%s%s(?:%s)])\." % (ALPHA_LOWER, r"%²\-\+", PUNCT, CONCAT_QUOTES),
               r"(?<=[%s][%s])\." % (ALPHA_UPPER, ALPHA_UPPER)])
INFIXES = (LIST_ELLIPSES + LIST_ICONS
           + [r"(?<=[0-9])[+\-\*^](?=[0-9-])",
              r"(?<=[%s%s])\.(?=[%s%s])" % (ALPHA_LOWER, CONCAT_QUOTES, ALPHA_UPPER, CONCAT_QUOTES),
              r"(?<=[%s]),(?=[%s])" % (ALPHA, ALPHA),
              r"(?<=[%s0-9])(?:%s)(?=[%s])" % (ALPHA, HYPHENS, ALPHA),
              r"(?<=[%s0-9])[:<>=/](?=[%s])" % (ALPHA, ALPHA)])

URL_PATTERN = (
    r"^"
    r"(?:(?:[\w\+\-\.]{2,})://)?"
    r"(?:\S+(?::\S*)?@)?"
    r"(?:"
    r"(?!(?:10|127)(?:\.\d{1,3}){3})"
    r"(?!(?:169\.254|192\.168)(?:\.\d{1,3}){2})"
    r"(?!172\.(?:1[6-9]|2\d|3[0-1])(?:\.\d{1,3}){2})"
    r"(?:[1-9]\d?|1\d\d|2[01]\d|22[0-3])"
    r"(?:\.(?:1?\d{1,2}|2[0-4]\d|25[0-5])){2}"
    r"(?:\.(?:[1-9]\d?|1\d\d|2[0-4]\d|25[0-4]))"
    r"|"
    r"(?:(?:[A-Za-z0-9\u00a1-\uffff][A-Za-z0-9\u00a1-\uffff_-]{0,62})?[A-Za-z0-9\u00a1-\uffff]\.)+"
    r"(?:[" + ALPHA_LOWER + r"]{2,63})"
    r")"
    r"(?::\d{2,5})?"
    r"(?:[/?#]\S*)?"
    r"$")


def alternation(pieces, fmt):
    return "|".join(fmt % p for p in pieces if p.strip())


# --- spaCy tokenizer exceptions (ORTH pieces only) ----------------------------
def base_exceptions():
    exc = {}
    for orth in [" ", "\t", "\\t", "\n", "\\n", "\u2014", "\u00a0"]:
        exc[orth] = [orth]
    for orth in ["'", '\\")', "<space>", "''", "C++"] + [c + "." for c in "abcdefghijklmnopqrstuvwxyzäöü"]:
        exc[orth] = [orth]
    emoticons = r"""
:) :-) :)) :-)) :))) :-))) (: (-: =) (= :] :-] [: [-: :o) (o: :} :-} 8) 8-) (-8 ;) ;-) (; (-;
:( :-( :(( :-(( :((( :-((( ): )-: =( >:( :') :'-) :'( :'-( :/ :-/ =/ =| :| :-| :1 :P :-P :p :-p
:O :-O :o :-o :0 :-0 :() >:o :* :-* :3 :-3 =3 :> :-> :X :-X :x :-x :D :-D ;D ;-D =D xD XD xDD XDD
8D 8-D ^_^ ^__^ ^___^ >.< >.> <.< ._. ;_; -_- -__- v.v V.V v_v V_V o_o o_O O_o O_O 0_o o_0 0_0 o.O
O.o O.O o.o 0.0 o.0 0.o @_@ <3 <33 <333 </3 (^_^) (-_-) (._.) (>_<) (*_*) (¬_¬) ಠ_ಠ ಠ︵ಠ (ಠ_ಠ)
¯\(ツ)/¯ (╯°□°）╯︵┻━┻ ><(((*>""".split()
    for orth in emoticons:
        exc[orth] = [orth]
    return exc


def english_exceptions():
    exc = {}
    exclude = ["Ill", "ill", "Its", "its", "Hell", "hell", "Shell", "shell", "Shed", "shed",
               "were", "Were", "Well", "well", "Whore", "whore"]
    for orth in ["i", "I"]:
        exc[orth + "'m"] = [orth, "'m"]
        exc[orth + "m"] = [orth, "m"]
        exc[orth + "'ma"] = [orth, "'m", "a"]
        exc[orth + "ma"] = [orth, "m", "a"]
    for pron in ["i", "you", "he", "she", "it", "we", "they"]:
        for orth in [pron, pron.title()]:
            for tail in [["'ll"], ["ll"], ["'ll", "'ve"], ["ll", "ve"], ["'d"], ["d"],
                         ["'d", "'ve"], ["d", "ve"]]:
                exc[orth + "".join(tail)] = [orth] + tail
    for pron in ["i", "you", "we", "they"]:
        for orth in [pron, pron.title()]:
            exc[orth + "'ve"] = [orth, "'ve"]
            exc[orth + "ve"] = [orth, "ve"]
    for pron in ["you", "we", "they"]:
        for orth in [pron, pron.title()]:
            exc[orth + "'re"] = [orth, "'re"]
            exc[orth + "re"] = [orth, "re"]
    for pron in ["he", "she", "it"]:
        for orth in [pron, pron.title()]:
            exc[orth + "'s"] = [orth, "'s"]
            exc[orth + "s"] = [orth, "s"]
    for word, morph in [("who", None), ("what", None), ("when", None), ("where", None),
                        ("why", None), ("how", None), ("there", None), ("that", "sing"),
                        ("this", "sing"), ("these", "plur"), ("those", "plur")]:
        for orth in [word, word.title()]:
            if morph != "plur":
                exc[orth + "'s"] = [orth, "'s"]
                exc[orth + "s"] = [orth, "s"]
            for tail in [["'ll"], ["ll"], ["'ll", "'ve"], ["ll", "ve"]]:
                exc[orth + "".join(tail)] = [orth] + tail
            if morph != "sing":
                for tail in [["'re"], ["re"], ["'ve"], ["ve"]]:
                    exc[orth + "".join(tail)] = [orth] + tail
            for tail in [["'d"], ["d"], ["'d", "'ve"], ["d", "ve"]]:
                exc[orth + "".join(tail)] = [orth] + tail
    for verb in ["ca", "could", "do", "does", "did", "had", "may", "might", "must", "need",
                 "ought", "sha", "should", "wo", "would"]:
        for orth in [verb, verb.title()]:
            for tail in [["n't"], ["nt"], ["n't", "'ve"], ["nt", "ve"]]:
                exc[orth + "".join(tail)] = [orth] + tail
    for verb in ["could", "might", "must", "should", "would"]:
        for orth in [verb, verb.title()]:
            exc[orth + "'ve"] = [orth, "'ve"]
            exc[orth + "ve"] = [orth, "ve"]
    for verb in ["ai", "are", "is", "was", "were", "have", "has", "dare"]:
        for orth in [verb, verb.title()]:
            exc[orth + "n't"] = [orth, "n't"]
            exc[orth + "nt"] = [orth, "nt"]
    for word in ["doin", "goin", "nothin", "nuthin", "ol", "somethin"]:
        for orth in [word, word.title()]:
            exc[orth] = [orth]
            exc[orth + "'"] = [orth + "'"]
    for word in ["em", "ll", "nuff"]:
        for orth in [word, "'" + word]:
            exc[orth] = [orth]
    for h in range(1, 13):
        for period in ["a.m.", "am", "p.m.", "pm"]:
            exc["%d%s" % (h, period)] = ["%d" % h, period]
    other = {
        "y'all": ["y'", "all"], "yall": ["y", "all"], "how'd'y": ["how", "'d", "'y"],
        "How'd'y": ["How", "'d", "'y"], "not've": ["not", "'ve"], "notve": ["not", "ve"],
        "Not've": ["Not", "'ve"], "Notve": ["Not", "ve"], "cannot": ["can", "not"],
        "Cannot": ["Can", "not"], "gonna": ["gon", "na"], "Gonna": ["Gon", "na"],
        "gotta": ["got", "ta"], "Gotta": ["Got", "ta"], "let's": ["let", "'s"],
        "Let's": ["Let", "'s"], "c'mon": ["c'm", "on"], "C'mon": ["C'm", "on"],
    }
    exc.update(other)
    singles = """'S 's \u2018S \u2018s and/or w/o 're 'Cause 'cause 'cos 'Cos 'coz 'Coz 'cuz 'Cuz
'bout ma'am Ma'am o'clock O'clock lovin' Lovin' lovin Lovin havin' Havin' havin Havin doin' Doin'
doin Doin goin' Goin' goin Goin Mt. Ak. Ala. Apr. Ariz. Ark. Aug. Calif. Colo. Conn. Dec. Del. Feb.
Fla. Ga. Ia. Id. Ill. Ind. Jan. Jul. Jun. Kan. Kans. Ky. La. Mar. Mass. Mich. Minn. Miss. N.C. N.D.
N.H. N.J. N.M. N.Y. Neb. Nebr. Nev. Nov. Oct. Okla. Ore. Pa. S.C. Sep. Sept. Tenn. Va. Wash. Wis.
'd a.m. Adm. Bros. co. Co. Corp. D.C. Dr. e.g. E.g. E.G. Gen. Gov. i.e. I.e. I.E. Inc. Jr. Ltd. Md.
Messrs. Mo. Mont. Mr. Mrs. Ms. p.m. Ph.D. Prof. Rep. Rev. Sen. St. vs. v.s.""".split()
    for orth in singles:
        exc[orth] = [orth]
    for s in exclude:
        exc.pop(s, None)
    return exc


SENT_PUNCT = ("!.?։؟۔܀܁܂߹।॥၊။።፧፨᙮᜵᜶᠃᠉᥄᥅᪨᪩᪪᪫᭚᭛᭞᭟᰻᰼᱾᱿‼‽⁇⁈⁉⸮⸼꓿꘎꘏꛳꛷꡶꡷꣎꣏꤯꧈꧉꩝꩞꩟꫰꫱꯫﹒﹖﹗！．？"
              "𐩖𐩗𑁇𑁈𑂾𑂿𑃀𑃁𑅁𑅂𑅃𑇅𑇆𑇍𑇞𑇟𑈸𑈹𑈻𑈼𑊩𑑋𑑌𑗂𑗃𑗉𑗊𑗋𑗌𑗍𑗎𑗏𑗐𑗑𑗒𑗓𑗔𑗕𑗖𑗗𑙁𑙂𑜼𑜽𑜾𑩂𑩃𑪛𑪜𑱁𑱂𖩮𖩯𖫵𖬷𖬸𖭄𛲟𝪈｡。")

# --- datatrove ---------------------------------------------------------------
DT_PUNCTUATION = ("!/—”:％１〈&(、━\\【#%「」，】；+^]~“《„';’{|∶´[=-`*．（–？！：$～«〉,><》)?）。…@_.\"}►»"
                  + "".join(map(chr, (x for a, b in ((0, 9), (11, 13), (13, 32), (127, 160))
                                      for x in range(a, b)))))
DT_TERMINAL = set(
    "᪩？⁈𑩂．꩞𑅃﹗𑂾\u1b7d፧𑅂꡶꘎⁉࠾᪨𑊩𑱂᱿𖩮᥅\U00011f43\U00011f44﹒𑈹𑈸።܂؞꛳\U00010f88𑗍𐩖𑙂\u061d꩟᠉\u1b7e𑗗"
    "᰼𑻸؟𑪜꧉𑗉𐽙𖫵𖬷܀꓿᜵𑗏𑁇𑗓𑥄៖𑥆𑗑𑗒꯫۔𐩗\U00010f86꡷\u2e54｡៕߹⸮.𑇅࠹𛲟꫰꤯𐽗᭞𑜼፨𑃁꣏𑇟𖬸𑪛𑜾࠷𝪈?"
    "𑃀𑗃！։꣎॥𑗖᭛᠃!၊𖺘⁇𑗌𑑋𖭄᭟𑅁𑙁⸼꩝𑗋。꧈꫱𑜽𐽖𑂿᙮។꛷\U00010f89៚᥄𑗕𑗎᪪᭚࠽𑇞𑗊𐽘\u2e53𑗔𖩯𑇍𑻷𐽕𑩃।𑗂𑇆"
    "𑁈။᱾𑱁꘏܁᜶‼𑈻‽᪫﹖𑑌𑈼\U00010f87𑗐៙᰻")


def pcre(pattern):
    """A Python pattern as an ASCII PCRE2 pattern."""
    pattern = re.sub(r"\\U([0-9A-Fa-f]{8})", lambda m: "\\x{%X}" % int(m.group(1), 16), pattern)
    pattern = re.sub(r"\\u([0-9A-Fa-f]{4})", lambda m: "\\x{%X}" % int(m.group(1), 16), pattern)
    return "".join(c if ord(c) < 128 else "\\x{%X}" % ord(c) for c in pattern)


def cstr(s):
    out = []
    for b in s.encode("utf-8"):
        c = chr(b)
        if c in '"\\':
            out.append("\\" + c)
        elif 32 <= b < 127 and c != "?":
            out.append(c)
        else:
            out.append("\\%03o" % b)
    return '"' + "".join(out) + '"'


def emit_long_string(name, s):
    print("static const char %s[] =" % name)
    for i in range(0, len(s), 96):
        print("\t%s" % cstr(s[i:i + 96]))
    print(";")


def emit_codepoints(name, chars):
    cps = sorted(set(ord(c) for c in chars))
    print("static const uint32_t %s[%d] = {" % (name, len(cps)))
    for i in range(0, len(cps), 8):
        print("\t" + " ".join("0x%X," % c for c in cps[i:i + 8]))
    print("};")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: gen-quality-tables.py NAUGHTY_WORDS_DIR")
    with open(os.path.join(sys.argv[1], "en.json"), encoding="utf-8") as f:
        badwords = sorted(set(w.strip() for w in json.load(f)) - {"sm", "グロ", "女の子", "性"})
    with open(os.path.join(sys.argv[1], "package.json"), encoding="utf-8") as f:
        pkg = json.load(f)
    exc = base_exceptions()
    exc.update(english_exceptions())
    # spacy.util.update_exc adds every exception with ' written as ’
    exc.update({k.replace("'", "\u2019"): [t.replace("'", "\u2019") for t in v]
                for k, v in exc.items() if "'" in k})
    for k, v in exc.items():
        assert "".join(v) == k, k
    print("/* Generated by scripts/gen-quality-tables.py: do not edit. */")
    print("/* spaCy 3.8 English tokenizer rules (MIT), datatrove 0.10.0 character sets")
    print(" * (Apache-2.0), and the LDNOOBW English list from npm %s %s (%s). */"
          % (pkg["name"], pkg["version"], pkg["license"]))
    print("#define DSQ_BADWORDS_PACKAGE \"%s %s\"" % (pkg["name"], pkg["version"]))
    emit_long_string("spacy_prefix_re", pcre(alternation(PREFIXES, "^%s")))
    emit_long_string("spacy_suffix_re", pcre(alternation(SUFFIXES, "%s$")))
    emit_long_string("spacy_infix_re", pcre(alternation(INFIXES, "%s")))
    emit_long_string("spacy_url_re", pcre(URL_PATTERN))
    keys = sorted(exc, key=lambda k: k.encode("utf-8"))
    print("/* Special cases, sorted by bytes: the string, then its pieces, each")
    print(" * piece's byte length (the pieces concatenate to the string). */")
    print("struct spacy_special { const char *text; unsigned char n; unsigned char len[4]; };")
    print("static const struct spacy_special spacy_specials[%d] = {" % len(keys))
    for k in keys:
        lens = [len(p.encode("utf-8")) for p in exc[k]]
        print("\t{%s, %d, {%s}}," % (cstr(k), len(lens), ", ".join(map(str, lens))))
    print("};")
    emit_codepoints("spacy_sent_punct", SENT_PUNCT)
    emit_codepoints("dt_terminal_punct", DT_TERMINAL)
    emit_codepoints("dt_punct_set", set(DT_PUNCTUATION) | DT_TERMINAL)
    print("/* matched as (?:\\W|^)(w1|w2|...)(?:\\W|$) on the lower-cased text */")
    print("static const char *const ldnoobw_en[%d] = {" % len(badwords))
    for w in badwords:
        print("\t%s," % cstr(w))
    print("};")


if __name__ == "__main__":
    main()
