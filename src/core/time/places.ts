/**
 * Places as Japanese learners name them (「東京」「ニューヨーク」「日本」), read as the IANA zone of their
 * clock. A country spanning several zones (「アメリカ」) has no single answer: its main zones are listed and
 * the user picks one.
 */
export type Place = { kind: "zone"; timeZone: string } | { kind: "ambiguous"; zones: string[] };

const zone = (timeZone: string): Place => ({ kind: "zone", timeZone });
const several = (...zones: string[]): Place => ({ kind: "ambiguous", zones });

const PLACES: Readonly<Record<string, Place>> = {
  // Japan and East Asia
  日本: zone("Asia/Tokyo"),
  日本時間: zone("Asia/Tokyo"),
  東京: zone("Asia/Tokyo"),
  大阪: zone("Asia/Tokyo"),
  京都: zone("Asia/Tokyo"),
  名古屋: zone("Asia/Tokyo"),
  福岡: zone("Asia/Tokyo"),
  札幌: zone("Asia/Tokyo"),
  沖縄: zone("Asia/Tokyo"),
  韓国: zone("Asia/Seoul"),
  ソウル: zone("Asia/Seoul"),
  中国: zone("Asia/Shanghai"),
  北京: zone("Asia/Shanghai"),
  上海: zone("Asia/Shanghai"),
  香港: zone("Asia/Hong_Kong"),
  台湾: zone("Asia/Taipei"),
  台北: zone("Asia/Taipei"),
  // South-east and South Asia, Middle East
  シンガポール: zone("Asia/Singapore"),
  タイ: zone("Asia/Bangkok"),
  バンコク: zone("Asia/Bangkok"),
  ベトナム: zone("Asia/Ho_Chi_Minh"),
  ハノイ: zone("Asia/Bangkok"),
  ホーチミン: zone("Asia/Ho_Chi_Minh"),
  フィリピン: zone("Asia/Manila"),
  マニラ: zone("Asia/Manila"),
  マレーシア: zone("Asia/Kuala_Lumpur"),
  クアラルンプール: zone("Asia/Kuala_Lumpur"),
  インドネシア: several("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"),
  ジャカルタ: zone("Asia/Jakarta"),
  バリ: zone("Asia/Makassar"),
  インド: zone("Asia/Kolkata"),
  デリー: zone("Asia/Kolkata"),
  ムンバイ: zone("Asia/Kolkata"),
  ドバイ: zone("Asia/Dubai"),
  トルコ: zone("Europe/Istanbul"),
  イスタンブール: zone("Europe/Istanbul"),
  // Europe and Africa
  イギリス: zone("Europe/London"),
  ロンドン: zone("Europe/London"),
  アイルランド: zone("Europe/Dublin"),
  フランス: zone("Europe/Paris"),
  パリ: zone("Europe/Paris"),
  ドイツ: zone("Europe/Berlin"),
  ベルリン: zone("Europe/Berlin"),
  ミュンヘン: zone("Europe/Berlin"),
  イタリア: zone("Europe/Rome"),
  ローマ: zone("Europe/Rome"),
  スペイン: zone("Europe/Madrid"),
  マドリード: zone("Europe/Madrid"),
  オランダ: zone("Europe/Amsterdam"),
  アムステルダム: zone("Europe/Amsterdam"),
  スイス: zone("Europe/Zurich"),
  チューリッヒ: zone("Europe/Zurich"),
  オーストリア: zone("Europe/Vienna"),
  ウィーン: zone("Europe/Vienna"),
  スウェーデン: zone("Europe/Stockholm"),
  フィンランド: zone("Europe/Helsinki"),
  ヘルシンキ: zone("Europe/Helsinki"),
  ロシア: several("Europe/Moscow", "Asia/Yekaterinburg", "Asia/Novosibirsk", "Asia/Vladivostok"),
  モスクワ: zone("Europe/Moscow"),
  エジプト: zone("Africa/Cairo"),
  カイロ: zone("Africa/Cairo"),
  南アフリカ: zone("Africa/Johannesburg"),
  ケニア: zone("Africa/Nairobi"),
  // The Americas
  アメリカ: several("America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"),
  米国: several("America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"),
  ニューヨーク: zone("America/New_York"),
  ワシントン: zone("America/New_York"),
  ボストン: zone("America/New_York"),
  シカゴ: zone("America/Chicago"),
  ダラス: zone("America/Chicago"),
  デンバー: zone("America/Denver"),
  ロサンゼルス: zone("America/Los_Angeles"),
  サンフランシスコ: zone("America/Los_Angeles"),
  シリコンバレー: zone("America/Los_Angeles"),
  シアトル: zone("America/Los_Angeles"),
  ハワイ: zone("Pacific/Honolulu"),
  ホノルル: zone("Pacific/Honolulu"),
  アラスカ: zone("America/Anchorage"),
  カナダ: several("America/Toronto", "America/Vancouver", "America/Edmonton", "America/Halifax"),
  トロント: zone("America/Toronto"),
  バンクーバー: zone("America/Vancouver"),
  メキシコ: zone("America/Mexico_City"),
  ブラジル: several("America/Sao_Paulo", "America/Manaus"),
  サンパウロ: zone("America/Sao_Paulo"),
  // Oceania
  オーストラリア: several("Australia/Sydney", "Australia/Brisbane", "Australia/Adelaide", "Australia/Perth"),
  シドニー: zone("Australia/Sydney"),
  メルボルン: zone("Australia/Melbourne"),
  ブリスベン: zone("Australia/Brisbane"),
  パース: zone("Australia/Perth"),
  ニュージーランド: zone("Pacific/Auckland"),
  オークランド: zone("Pacific/Auckland"),
  グアム: zone("Pacific/Guam"),
};

/** A place name as typed (「東京」, 「東京都」, 「ニューヨーク時間」), or undefined when it is not one we know. */
export function place(input: string): Place | undefined {
  const name = input.normalize("NFKC").trim();
  for (const candidate of [name, name.replace(/(時間|都|府|県|市)$/, "")]) {
    if (Object.hasOwn(PLACES, candidate)) return PLACES[candidate];
  }
  return undefined;
}
