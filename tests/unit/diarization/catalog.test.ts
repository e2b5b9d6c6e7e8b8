/** The diarization model catalog: one recommended model per role, well-formed facts. */
import { describe, expect, it } from 'vitest';
import { DIARIZATION_CATALOG, findDiarizationModel, recommendedDiarizationModels } from '../../../main/core/diarization/catalog';

describe('diarization model catalog', () => {
  it('recommends one segmentation and one embedding model', () => {
    const r = recommendedDiarizationModels();
    expect(r.segmentation.id).toBe('pyannote-segmentation-3.0');
    expect(r.embedding.id).toBe('3dspeaker-campplus-zh-en-advanced');
    for (const role of ['segmentation', 'embedding']) expect(DIARIZATION_CATALOG.filter((e) => e.role === role && e.recommended)).toHaveLength(1);
  });

  it('has unique ids and files, sizes, hashes, licences and sources', () => {
    expect(new Set(DIARIZATION_CATALOG.map((e) => e.id)).size).toBe(DIARIZATION_CATALOG.length);
    expect(new Set(DIARIZATION_CATALOG.map((e) => e.file)).size).toBe(DIARIZATION_CATALOG.length);
    for (const e of DIARIZATION_CATALOG) {
      expect(e.file).toMatch(/^[\w.+-]+\.onnx$/);
      expect(e.url).toMatch(/^https:\/\//);
      expect(e.sourcePage).toMatch(/^https:\/\//);
      expect(e.sizeBytes).toBeGreaterThan(1e6);
      if (e.sha256 !== null) expect(e.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(e.licence.name).not.toBe('');
      expect(e.note.id).not.toBe(e.note.en);
      if (e.role === 'embedding') expect(e.dim).toBeGreaterThan(0);
    }
    expect(findDiarizationModel('nemo-titanet-small')?.licence.name).toBe('CC-BY-4.0');
    expect(findDiarizationModel('nope')).toBeUndefined();
  });
});
