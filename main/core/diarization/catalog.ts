/**
 * The speaker-diarization models Risalah knows (a catalog of its own: the Whisper model store
 * plugs it in). Why these: docs/diarization.md.
 *
 * Owns: for each model its id, role (segmentation or embedding), file name in the models folder,
 * download address(es), exact size, SHA-256 and where that hash was read, licence and source page.
 *
 * Hashes: the publisher (k2-fsa, sherpa-onnx's release assets and its Hugging Face mirrors) does
 * not print SHA-256 sums on its pages. The sums below are the ones independent public projects
 * pin for the very same files (several agree byte for byte and on the size; Hugging Face's LFS
 * object id of the publisher's own repository at a fixed revision for CAM++). A download whose
 * hash differs is refused (MODEL_HASH_MISMATCH), as for Whisper models.
 */
export interface DiarizationCatalogEntry {
  id: string;
  role: 'segmentation' | 'embedding';
  /** Name in the models folder. */
  file: string;
  /** Direct download of the .onnx file. */
  url: string;
  /** Other places the same file is published (an archive to unpack, a release page). */
  alsoAt: string[];
  sizeBytes: number;
  sha256: string | null;
  hashSource: string;
  licence: { name: string; url: string };
  /** Where the model is described (its card or release page). */
  sourcePage: string;
  /** Embedding models: size of the vectors (voiceprints are kept per model). */
  dim?: number;
  recommended: boolean;
  note: { id: string; en: string };
}

export const DIARIZATION_CATALOG: readonly DiarizationCatalogEntry[] = [
  {
    id: 'pyannote-segmentation-3.0',
    role: 'segmentation',
    file: 'pyannote-segmentation-3.0.onnx',
    url: 'https://huggingface.co/csukuangfj/sherpa-onnx-pyannote-segmentation-3-0/resolve/main/model.onnx',
    alsoAt: ['https://github.com/k2-fsa/sherpa-onnx/releases/download/speaker-segmentation-models/sherpa-onnx-pyannote-segmentation-3-0.tar.bz2 (model.onnx inside; the archive: 6,958,444 bytes, SHA-256 24615ee884c897d9d2ba09bb4d30da6bb1b15e685065962db5b02e76e4996488)'],
    sizeBytes: 5_992_913,
    sha256: '220ad67ca923bef2fa91f2390c786097bf305bceb5e261d4af67b38e938e1079',
    hashSource: 'independent public download scripts pinning model.onnx extracted from the sherpa-onnx release archive (size and hash agree)',
    licence: { name: 'MIT', url: 'https://huggingface.co/pyannote/segmentation-3.0/blob/main/LICENSE' },
    sourcePage: 'https://k2-fsa.github.io/sherpa/onnx/speaker-diarization/models.html',
    recommended: true,
    note: {
      id: 'Model segmentasi pyannote 3.0 (dikonversi ke ONNX oleh k2-fsa): menentukan kapan ada yang berbicara dan kapan pembicara berganti. 6 MB.',
      en: 'pyannote segmentation 3.0 (converted to ONNX by k2-fsa): finds when someone speaks and when the speaker changes. 6 MB.',
    },
  },
  {
    id: '3dspeaker-campplus-zh-en-advanced',
    role: 'embedding',
    file: '3dspeaker_speech_campplus_sv_zh_en_16k-common_advanced.onnx',
    url: 'https://github.com/k2-fsa/sherpa-onnx/releases/download/speaker-recongition-models/3dspeaker_speech_campplus_sv_zh_en_16k-common_advanced.onnx',
    alsoAt: ['https://huggingface.co/csukuangfj/speaker-embedding-models/resolve/0743f301363dec56491a490f6d6cbc9d67f9a3bf/3dspeaker_speech_campplus_sv_zh_en_16k-common_advanced.onnx'],
    sizeBytes: 28_281_164,
    sha256: 'aa3cfc16963a10586a9393f5035d6d6b57e98d358b347f80c2a30bf4f00ceba2',
    hashSource: 'Hugging Face LFS object of csukuangfj/speaker-embedding-models at revision 0743f301…, as pinned by independent public projects (three agree)',
    licence: { name: 'Apache-2.0', url: 'https://github.com/modelscope/3D-Speaker/blob/main/LICENSE' },
    sourcePage: 'https://github.com/k2-fsa/sherpa-onnx/releases/tag/speaker-recongition-models',
    dim: 192,
    recommended: true,
    note: {
      id: 'CAM++ dari 3D-Speaker (dilatih pada ±200 ribu penutur Tionghoa dan Inggris): mengenali suara yang sama di seluruh rekaman. 28 MB, lisensi Apache-2.0.',
      en: 'CAM++ from 3D-Speaker (trained on ≈ 200,000 Chinese and English speakers): recognises the same voice across recordings. 28 MB, Apache-2.0 licence.',
    },
  },
  {
    id: 'nemo-titanet-small',
    role: 'embedding',
    file: 'nemo_en_titanet_small.onnx',
    url: 'https://github.com/k2-fsa/sherpa-onnx/releases/download/speaker-recongition-models/nemo_en_titanet_small.onnx',
    alsoAt: [],
    sizeBytes: 40_257_283,
    sha256: 'ad4a1802485d8b34c722d2a9d04249662f2ece5d28a7a039063ca22f515a789e',
    hashSource: 'independent public download scripts pinning the release asset (size and hash)',
    licence: { name: 'CC-BY-4.0', url: 'https://catalog.ngc.nvidia.com/orgs/nvidia/teams/nemo/models/titanet_small' },
    sourcePage: 'https://github.com/k2-fsa/sherpa-onnx/releases/tag/speaker-recongition-models',
    dim: 192,
    recommended: false,
    note: {
      id: 'TitaNet-small dari NVIDIA NeMo (bahasa Inggris): alternatif yang lebih cepat menurut angka sherpa-onnx; lisensi CC-BY-4.0 mewajibkan atribusi. 40 MB.',
      en: 'TitaNet-small from NVIDIA NeMo (English): a faster alternative by sherpa-onnx’s published figures; CC-BY-4.0 requires attribution. 40 MB.',
    },
  },
];

export function findDiarizationModel(id: string): DiarizationCatalogEntry | undefined {
  return DIARIZATION_CATALOG.find((e) => e.id === id);
}

/** The recommended model of each role. */
export function recommendedDiarizationModels(): { segmentation: DiarizationCatalogEntry; embedding: DiarizationCatalogEntry } {
  const pick = (role: DiarizationCatalogEntry['role']) => DIARIZATION_CATALOG.find((e) => e.role === role && e.recommended)!;
  return { segmentation: pick('segmentation'), embedding: pick('embedding') };
}
