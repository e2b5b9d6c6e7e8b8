/**
 * The catalog of whisper.cpp ggml models Risalah knows, and which one to recommend.
 *
 * Owns: the published facts of every multilingual model in huggingface.co/ggerganov/whisper.cpp
 * (file, exact size, SHA-256 and SHA-1, where those hashes were found), what the model costs in
 * RAM and time on a laptop CPU, and the recommendation for Indonesian speeches
 * (`RECOMMENDED_MODEL_ID`, `recommendFor`). Plain data and pure functions: nothing here touches
 * the disk or the network. docs/models.md explains every number.
 *
 * Hashes — never invented, every one read from public material (see `HASH_SOURCES`):
 *   - SHA-256 and exact byte size: the Hugging Face model API for ggerganov/whisper.cpp
 *     (`siblings[].lfs.sha256`/`size`, revision 5359861c739e955e79d9a303bcbc70fb988958b1),
 *     cross-checked entry by entry against independent public catalogs that pin the same files.
 *   - SHA-1: the model repository's own README table (the same table whisper.cpp's
 *     models/README.md prints for a subset).
 * The English-only `.en` models are left out on purpose: they cannot transcribe Indonesian (their
 * vocabulary has no language tokens; Whisper translates or garbles other languages into English),
 * and their files were re-uploaded on Hugging Face at least once (public catalogs pin two
 * different SHA-256s for ggml-base.en.bin), so a pinned hash would be a trap. An `.en` file can
 * still be imported: it is then described from its header and flagged English-only.
 */

/** Text shown to the user, in both UI languages. */
export interface LocalizedText {
  id: string;
  en: string;
}

/**
 * Architecture of a Whisper checkpoint, as far as the ggml header can tell it apart.
 * `large` is large-v1 and large-v2 (same dimensions); v3 has 128 mel bins and one more token;
 * turbo is v3 with 4 decoder layers instead of 32.
 */
export type ModelFamily = 'tiny' | 'base' | 'small' | 'medium' | 'large' | 'large-v3' | 'large-v3-turbo';

/** Weight type of the big matrices (ggml `ftype`). Catalog files are f16 or q5_0/q5_1/q8_0. */
export type Quantization = 'f32' | 'f16' | 'q4_0' | 'q4_1' | 'q5_0' | 'q5_1' | 'q8_0' | 'q2_k' | 'q3_k' | 'q4_k' | 'q5_k' | 'q6_k';

export interface CatalogEntry {
  /** Stable key, stored in settings and sidecars: `base`, `small-q8_0`, `large-v3-turbo-q5_0`. */
  id: string;
  /** File name on Hugging Face and in the models folder: `ggml-<id>.bin`. */
  file: string;
  family: ModelFamily;
  quantization: Quantization;
  /** Exact size of the published file in bytes. */
  sizeBytes: number;
  /** Approximate memory while transcribing (MB), see `ramSource`. */
  ramMB: number;
  /** `whisper.cpp` when the figure is whisper.cpp's README table, `estimate` when derived (docs/models.md). */
  ramSource: 'whisper.cpp' | 'estimate';
  /** Lower-case hex SHA-256 of the file, or null when no public source gave one. */
  sha256: string | null;
  /** Lower-case hex SHA-1 of the file (the column of the model repository's README). */
  sha1?: string;
  /** Where the hashes and size were read (keys of `HASH_SOURCES`, most authoritative first). */
  hashSource: string;
  /** Download address; Hugging Face answers with a redirect to its CDN. */
  url: string;
  /** True for every catalog entry: `.en` models are not in the catalog (see the header comment). */
  multilingual: boolean;
  /** Rough transcription quality rank, higher is better (same family: f16 > q8_0 > q5_x). */
  quality: number;
  /** Relative cost of the encoder on a CPU, tiny = 1 (whisper.cpp bench, docs/models.md). */
  cpuCost: number;
  speedNote: LocalizedText;
}

/** Where hashes and sizes came from. Keys are used in `CatalogEntry.hashSource`. */
export const HASH_SOURCES = {
  'hf-api':
    'Hugging Face model API for ggerganov/whisper.cpp (GET /api/models/ggerganov/whisper.cpp?blobs=true: ' +
    'siblings[].lfs.sha256 and size) at revision 5359861c739e955e79d9a303bcbc70fb988958b1, as captured verbatim ' +
    'in a public test fixture (Swift "ModelUpdateTests", CallRecorderCore).',
  'catalogs':
    'Independent public catalogs pinning the same revision with identical SHA-256 and size: a Kotlin ' +
    'LocalModelCatalog (all 21 multilingual files) and a Kotlin WhisperDownloads list ' +
    '("SHA-256 values are publisher LFS object IDs at this immutable repository revision").',
  'buzz':
    'chidiwilliams/buzz, buzz/model_loader.py, WHISPER_CPP_MODELS_SHA256 (tiny, base, small, medium, ' +
    "and 'large' = ggml-large-v2.bin).",
  'hf-readme':
    'SHA-1 column of the model repository README (huggingface.co/ggerganov/whisper.cpp README.md; public copy: ' +
    'piggestpig/Unreal-Mineprep Mineprep/Render/models/whisper/README.md).',
  'whisper.cpp-readme':
    'SHA-1 column of whisper.cpp models/README.md (node_modules/nodejs-whisper/cpp/whisper.cpp/models/README.md; ' +
    'subset: tiny, base, small, medium, large-v1/v2/v3, large-v2-q5_0, large-v3-q5_0, large-v3-turbo(-q5_0)).',
} as const;

const HF = 'https://huggingface.co/ggerganov/whisper.cpp/resolve/main';

/** whisper.cpp README "Memory usage": tiny ~273 MB, base ~388 MB, small ~852 MB, medium ~2.1 GB, large ~3.9 GB. */
const F16_RAM_MB: Record<ModelFamily, number> = {
  tiny: 273,
  base: 388,
  small: 852,
  medium: 2100,
  large: 3900,
  'large-v3': 3900,
  // Not in the table: the large encoder's buffers but 4 instead of 32 decoder layers (docs/models.md).
  'large-v3-turbo': 2150,
};

/** Encoder time per 30 s window relative to tiny: whisper.cpp issue #89, i7-11850H, 4 threads. */
const CPU_COST: Record<ModelFamily, number> = {
  tiny: 1, // 0.54 s
  base: 2.3, // 1.24 s
  small: 8, // 4.34 s
  medium: 28, // 15.2 s
  large: 51, // 27.5 s
  'large-v3': 51,
  'large-v3-turbo': 51, // same encoder as large-v3; only the decoder is smaller
};

const SPEED: Record<ModelFamily, LocalizedText> = {
  tiny: {
    id: 'Sangat cepat, akurasi rendah: hanya untuk mencoba.',
    en: 'Very fast, low accuracy: for trying things out only.',
  },
  base: {
    id: 'Cepat bahkan di laptop 2 inti; banyak salah pada nama dan istilah.',
    en: 'Fast even on a 2-core laptop; many mistakes on names and terms.',
  },
  small: {
    id: 'Seimbang: di laptop 2 inti kira-kira secepat rekamannya atau lebih cepat.',
    en: 'Balanced: on a 2-core laptop about as fast as the recording or faster.',
  },
  medium: {
    id: 'Lebih akurat, tetapi di laptop 2 inti beberapa kali lebih lambat dari durasi rekaman.',
    en: 'More accurate, but on a 2-core laptop several times slower than the recording.',
  },
  large: {
    id: 'Akurasi tinggi, sangat lambat tanpa GPU; perlu RAM besar.',
    en: 'High accuracy, very slow without a GPU; needs a lot of RAM.',
  },
  'large-v3': {
    id: 'Akurasi terbaik, sangat lambat tanpa GPU; perlu RAM besar.',
    en: 'Best accuracy, very slow without a GPU; needs a lot of RAM.',
  },
  'large-v3-turbo': {
    id: 'Hampir seakurat large-v3 dan jauh lebih cepat saat menulis teks, tetapi tahap encoder sama beratnya: cocok untuk laptop 8 inti.',
    en: 'Nearly as accurate as large-v3 and much faster at writing text, but the encoder is as heavy: suits an 8-core laptop.',
  },
};

const FAMILY_QUALITY: Record<ModelFamily, number> = {
  tiny: 10,
  base: 20,
  small: 30,
  medium: 40,
  large: 45,
  'large-v3-turbo': 48,
  'large-v3': 50,
};

const QUANT_QUALITY_PENALTY: Partial<Record<Quantization, number>> = { f16: 0, f32: 0, q8_0: 1, q5_1: 2, q5_0: 2 };

/** Quality rank of a model of this family and weight type (higher is better). */
export function qualityOf(family: ModelFamily, quantization: Quantization): number {
  return FAMILY_QUALITY[family] - (QUANT_QUALITY_PENALTY[quantization] ?? 3);
}

interface Published {
  id: string;
  family: ModelFamily;
  quantization: Quantization;
  sizeBytes: number;
  sha256: string;
  sha1: string;
  /** Extra sources beyond hf-api + catalogs + hf-readme. */
  also?: readonly (keyof typeof HASH_SOURCES)[];
}

// Every line: id, size and SHA-256 from 'hf-api' (identical in 'catalogs'), SHA-1 from 'hf-readme'.
const PUBLISHED: readonly Published[] = [
  { id: 'tiny', family: 'tiny', quantization: 'f16', sizeBytes: 77_691_713, sha256: 'be07e048e1e599ad46341c8d2a135645097a538221678b7acdd1b1919c6e1b21', sha1: 'bd577a113a864445d4c299885e0cb97d4ba92b5f', also: ['buzz', 'whisper.cpp-readme'] },
  { id: 'tiny-q5_1', family: 'tiny', quantization: 'q5_1', sizeBytes: 32_152_673, sha256: '818710568da3ca15689e31a743197b520007872ff9576237bda97bd1b469c3d7', sha1: '2827a03e495b1ed3048ef28a6a4620537db4ee51' },
  { id: 'tiny-q8_0', family: 'tiny', quantization: 'q8_0', sizeBytes: 43_537_433, sha256: 'c2085835d3f50733e2ff6e4b41ae8a2b8d8110461e18821b09a15c40c42d1cca', sha1: '19e8118f6652a650569f5a949d962154e01571d9' },
  { id: 'base', family: 'base', quantization: 'f16', sizeBytes: 147_951_465, sha256: '60ed5bc3dd14eea856493d334349b405782ddcaf0028d4b5df4088345fba2efe', sha1: '465707469ff3a37a2b9b8d8f89f2f99de7299dac', also: ['buzz', 'whisper.cpp-readme'] },
  { id: 'base-q5_1', family: 'base', quantization: 'q5_1', sizeBytes: 59_707_625, sha256: '422f1ae452ade6f30a004d7e5c6a43195e4433bc370bf23fac9cc591f01a8898', sha1: 'a3733eda680ef76256db5fc5dd9de8629e62c5e7' },
  { id: 'base-q8_0', family: 'base', quantization: 'q8_0', sizeBytes: 81_768_585, sha256: 'c577b9a86e7e048a0b7eada054f4dd79a56bbfa911fbdacf900ac5b567cbb7d9', sha1: '7bb89bb49ed6955013b166f1b6a6c04584a20fbe' },
  { id: 'small', family: 'small', quantization: 'f16', sizeBytes: 487_601_967, sha256: '1be3a9b2063867b937e64e2ec7483364a79917e157fa98c5d94b5c1fffea987b', sha1: '55356645c2b361a969dfd0ef2c5a50d530afd8d5', also: ['buzz', 'whisper.cpp-readme'] },
  { id: 'small-q5_1', family: 'small', quantization: 'q5_1', sizeBytes: 190_085_487, sha256: 'ae85e4a935d7a567bd102fe55afc16bb595bdb618e11b2fc7591bc08120411bb', sha1: '6fe57ddcfdd1c6b07cdcc73aaf620810ce5fc771' },
  { id: 'small-q8_0', family: 'small', quantization: 'q8_0', sizeBytes: 264_464_607, sha256: '49c8fb02b65e6049d5fa6c04f81f53b867b5ec9540406812c643f177317f779f', sha1: 'bcad8a2083f4e53d648d586b7dbc0cd673d8afad' },
  { id: 'medium', family: 'medium', quantization: 'f16', sizeBytes: 1_533_763_059, sha256: '6c14d5adee5f86394037b4e4e8b59f1673b6cee10e3cf0b11bbdbee79c156208', sha1: 'fd9727b6e1217c2f614f9b698455c4ffd82463b4', also: ['buzz', 'whisper.cpp-readme'] },
  { id: 'medium-q5_0', family: 'medium', quantization: 'q5_0', sizeBytes: 539_212_467, sha256: '19fea4b380c3a618ec4723c3eef2eb785ffba0d0538cf43f8f235e7b3b34220f', sha1: '7718d4c1ec62ca96998f058114db98236937490e' },
  { id: 'medium-q8_0', family: 'medium', quantization: 'q8_0', sizeBytes: 823_369_779, sha256: '42a1ffcbe4167d224232443396968db4d02d4e8e87e213d3ee2e03095dea6502', sha1: 'e66645948aff4bebbec71b3485c576f3d63af5d6' },
  { id: 'large-v1', family: 'large', quantization: 'f16', sizeBytes: 3_094_623_691, sha256: '7d99f41a10525d0206bddadd86760181fa920438b6b33237e3118ff6c83bb53d', sha1: 'b1caaf735c4cc1429223d5a74f0f4d0b9b59a299', also: ['whisper.cpp-readme'] },
  { id: 'large-v2', family: 'large', quantization: 'f16', sizeBytes: 3_094_623_691, sha256: '9a423fe4d40c82774b6af34115b8b935f34152246eb19e80e376071d3f999487', sha1: '0f4c8e34f21cf1a914c59d8b3ce882345ad349d6', also: ['buzz', 'whisper.cpp-readme'] },
  { id: 'large-v2-q5_0', family: 'large', quantization: 'q5_0', sizeBytes: 1_080_732_091, sha256: '3a214837221e4530dbc1fe8d734f302af393eb30bd0ed046042ebf4baf70f6f2', sha1: '00e39f2196344e901b3a2bd5814807a769bd1630', also: ['whisper.cpp-readme'] },
  { id: 'large-v2-q8_0', family: 'large', quantization: 'q8_0', sizeBytes: 1_656_129_691, sha256: 'fef54e6d898246a65c8285bfa83bd1807e27fadf54d5d4e81754c47634737e8c', sha1: 'da97d6ca8f8ffbeeb5fd147f79010eeea194ba38' },
  { id: 'large-v3', family: 'large-v3', quantization: 'f16', sizeBytes: 3_095_033_483, sha256: '64d182b440b98d5203c4f9bd541544d84c605196c4f7b845dfa11fb23594d1e2', sha1: 'ad82bf6a9043ceed055076d0fd39f5f186ff8062', also: ['whisper.cpp-readme'] },
  { id: 'large-v3-q5_0', family: 'large-v3', quantization: 'q5_0', sizeBytes: 1_081_140_203, sha256: 'd75795ecff3f83b5faa89d1900604ad8c780abd5739fae406de19f23ecd98ad1', sha1: 'e6e2ed78495d403bef4b7cff42ef4aaadcfea8de', also: ['whisper.cpp-readme'] },
  { id: 'large-v3-turbo', family: 'large-v3-turbo', quantization: 'f16', sizeBytes: 1_624_555_275, sha256: '1fc70f774d38eb169993ac391eea357ef47c88757ef72ee5943879b7e8e2bc69', sha1: '4af2b29d7ec73d781377bfd1758ca957a807e941', also: ['whisper.cpp-readme'] },
  { id: 'large-v3-turbo-q5_0', family: 'large-v3-turbo', quantization: 'q5_0', sizeBytes: 574_041_195, sha256: '394221709cd5ad1f40c46e6031ca61bce88931e6e088c188294c6d5a55ffa7e2', sha1: 'e050f7970618a659205450ad97eb95a18d69c9ee', also: ['whisper.cpp-readme'] },
  { id: 'large-v3-turbo-q8_0', family: 'large-v3-turbo', quantization: 'q8_0', sizeBytes: 874_188_075, sha256: '317eb69c11673c9de1e1f0d459b253999804ec71ac4c23c17ecf5fbe24e259a1', sha1: '01bf15bedffe9f39d65c1b6ff9b687ea91f59e0e' },
];

/** f16 models of a family, for the RAM estimate of their quantized files. */
const F16_SIZE: Partial<Record<ModelFamily, number>> = {};
for (const p of PUBLISHED) if (p.quantization === 'f16') F16_SIZE[p.family] = p.sizeBytes;

/**
 * RAM of a quantized file: the f16 model's figure minus the weights it no longer holds
 * (compute buffers and caches depend on the dimensions, not on the weight type).
 */
function ramFor(p: Published): { ramMB: number; ramSource: CatalogEntry['ramSource'] } {
  const f16 = F16_RAM_MB[p.family];
  const measured = p.family !== 'large-v3-turbo';
  if (p.quantization === 'f16') return { ramMB: f16, ramSource: measured ? 'whisper.cpp' : 'estimate' };
  const f16Size = F16_SIZE[p.family] ?? p.sizeBytes;
  const mb = f16 - (f16Size - p.sizeBytes) / 1e6;
  return { ramMB: Math.round(mb / 10) * 10, ramSource: 'estimate' };
}

export const MODEL_CATALOG: readonly CatalogEntry[] = PUBLISHED.map((p) => ({
  id: p.id,
  file: `ggml-${p.id}.bin`,
  family: p.family,
  quantization: p.quantization,
  sizeBytes: p.sizeBytes,
  ...ramFor(p),
  sha256: p.sha256,
  sha1: p.sha1,
  hashSource: ['hf-api', 'catalogs', ...(p.also ?? []), 'hf-readme (SHA-1)'].join(', '),
  url: `${HF}/ggml-${p.id}.bin`,
  multilingual: true,
  quality: qualityOf(p.family, p.quantization),
  cpuCost: CPU_COST[p.family],
  speedNote: SPEED[p.family],
}));

export function findCatalogEntry(id: string, catalog: readonly CatalogEntry[] = MODEL_CATALOG): CatalogEntry | undefined {
  return catalog.find((e) => e.id === id);
}

/**
 * The default for Indonesian on the laptops Risalah is made for (2 cores, 8 GB RAM, no GPU).
 *
 * small-q8_0, because on such a CPU the encoder decides the time: whisper.cpp's own laptop bench
 * (issue #89, 4 threads) needs 4.3 s per 30 s window for small and 27.5 s for large — and
 * large-v3-turbo keeps large-v3's full 32-layer encoder (only its decoder shrank to 4 layers), so
 * with 2 threads its encoder alone needs roughly 1–2× the length of the recording (a 1 h speech
 * takes an hour or more), where small's needs a fraction of it. Among the small files, q8_0 keeps 8-bit weights (the
 * closest to the f16 original; q5_1 drops to 5 bits) at 264 MB instead of 488 MB and ~630 MB of
 * RAM instead of ~850 MB, leaving room for the app, ffmpeg and the browser on 8 GB.
 * `recommendFor` moves up to large-v3-turbo-q5_0 on 8+ cores, and down to base on small RAM.
 */
export const RECOMMENDED_MODEL_ID = 'small-q8_0';

export const RECOMMENDED_REASON: LocalizedText = {
  id:
    'Model small (q8_0) paling seimbang untuk laptop biasa (2 inti, RAM 8 GB): cukup akurat untuk pidato ' +
    'berbahasa Indonesia, selesai kira-kira secepat rekamannya, unduhannya 264 MB dan memakai sekitar 630 MB RAM. ' +
    'Model large-v3-turbo lebih akurat, tetapi di laptop 2 inti jauh lebih lambat (bisa lebih lama dari durasi rekamannya).',
  en:
    'The small (q8_0) model is the best balance for an ordinary laptop (2 cores, 8 GB RAM): accurate enough ' +
    'for Indonesian speeches, about as fast as the recording, a 264 MB download using about 630 MB of RAM. ' +
    'large-v3-turbo is more accurate but much slower on a 2-core laptop (it can take longer than the recording).',
};

export interface MachineInfo {
  /** Total physical memory in MB (os.totalmem() / 2**20). */
  totalRamMB: number;
  /** Logical CPU cores (os.availableParallelism()). */
  cores: number;
}

export interface Recommendation {
  id: string;
  entry: CatalogEntry;
  reason: LocalizedText;
}

const TIERS: readonly { id: string; when: (m: MachineInfo) => boolean; reason: LocalizedText }[] = [
  {
    id: 'large-v3-turbo-q5_0',
    when: (m) => m.cores >= 8 && m.totalRamMB >= 8 * 1024,
    reason: {
      id:
        'Komputer ini punya 8 inti atau lebih dan RAM yang cukup: large-v3-turbo (q5_0) memberi akurasi mendekati ' +
        'model terbesar dengan unduhan 574 MB dan sekitar 1,1 GB RAM.',
      en:
        'This computer has 8 or more cores and enough RAM: large-v3-turbo (q5_0) gives close to the largest ' +
        "model's accuracy with a 574 MB download and about 1.1 GB of RAM.",
    },
  },
  {
    id: RECOMMENDED_MODEL_ID,
    when: (m) => m.totalRamMB >= 3 * 1024,
    reason: RECOMMENDED_REASON,
  },
  {
    id: 'base-q8_0',
    when: (m) => m.totalRamMB >= 1024,
    reason: {
      id: 'RAM komputer ini kecil: model base (q8_0) hanya memakai sekitar 320 MB, tetapi lebih sering salah.',
      en: "This computer's RAM is small: the base (q8_0) model uses only about 320 MB, but makes more mistakes.",
    },
  },
  {
    id: 'tiny-q8_0',
    when: () => true,
    reason: {
      id: 'RAM komputer ini sangat kecil: hanya model tiny yang muat; hasilnya kasar.',
      en: "This computer's RAM is very small: only the tiny model fits; expect a rough transcript.",
    },
  },
];

/** The model to suggest for this machine (first download, Settings › Models). */
export function recommendFor(machine: MachineInfo, catalog: readonly CatalogEntry[] = MODEL_CATALOG): Recommendation {
  for (const tier of TIERS) {
    if (!tier.when(machine)) continue;
    const entry = findCatalogEntry(tier.id, catalog);
    if (entry) return { id: entry.id, entry, reason: tier.reason };
  }
  const entry = catalog[0];
  if (!entry) throw new Error('recommendFor: empty catalog');
  return { id: entry.id, entry, reason: RECOMMENDED_REASON };
}
