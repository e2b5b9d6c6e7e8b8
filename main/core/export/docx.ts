/**
 * DOCX exports for writers who work in Word: a speaker-labelled transcript, and an event's quote
 * sheet (each quote ready to paste into a press release, with its source in the recording).
 *
 * Owns: building the OOXML documents with the `docx` package. Pure apart from the packing: data
 * in, bytes out.
 */
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import { formatAttribution, type AttributionStyle } from '../../api/attribution';
import type { ExportSegment } from './transcript';
import { timestamp } from './transcript';

const FONT = 'Calibri';

function meta(text: string): Paragraph {
  return new Paragraph({ children: [new TextRun({ text, italics: true, color: '555555', font: FONT, size: 20 })], spacing: { after: 200 } });
}

export interface TranscriptDocxInput {
  eventTitle: string;
  /** Long date, e.g. "Selasa, 1 Juli 2025". */
  date: string;
  recordingTitle: string;
  segments: readonly ExportSegment[];
  /** Labels of the document, in the UI language. */
  labels: { transcript: string; generated: string };
}

/** A transcript: consecutive segments of one speaker form a paragraph headed by the name and time. */
export async function transcriptDocx(input: TranscriptDocxInput): Promise<Buffer> {
  const children: Paragraph[] = [
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun({ text: input.eventTitle, font: FONT })] }),
    meta(`${input.date} · ${input.labels.transcript}: ${input.recordingTitle}`),
  ];
  let current: { speaker: string | undefined; runs: TextRun[] } | null = null;
  const flush = () => {
    if (current) children.push(new Paragraph({ children: current.runs, spacing: { after: 160 } }));
  };
  for (const s of [...input.segments].sort((a, b) => a.start - b.start)) {
    if (!current || current.speaker !== s.speaker) {
      flush();
      current = { speaker: s.speaker, runs: [] };
      const head = `[${timestamp(s.start, ',').slice(0, 8)}] `;
      current.runs.push(new TextRun({ text: head, color: '777777', font: FONT }));
      if (s.speaker) current.runs.push(new TextRun({ text: `${s.speaker}: `, bold: true, font: FONT }));
      current.runs.push(new TextRun({ text: s.text.trim(), font: FONT }));
    } else {
      current.runs.push(new TextRun({ text: ` ${s.text.trim()}`, font: FONT }));
    }
  }
  flush();
  children.push(meta(input.labels.generated));
  const doc = new Document({ creator: 'Risalah', title: input.eventTitle, sections: [{ children }] });
  return Packer.toBuffer(doc);
}

export interface QuoteSheetInput {
  eventTitle: string;
  date: string;
  verb: string;
  style: AttributionStyle;
  quotes: readonly {
    text: string;
    speakerName: string;
    speakerTitle: string;
    recordingTitle: string;
    start: number;
    end: number;
    checked: boolean;
  }[];
  labels: { quotes: string; checked: string; unchecked: string; source: string; generated: string };
}

export async function quoteSheetDocx(input: QuoteSheetInput): Promise<Buffer> {
  const children: Paragraph[] = [
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun({ text: input.eventTitle, font: FONT })] }),
    meta(`${input.date} · ${input.labels.quotes}: ${input.quotes.length}`),
  ];
  input.quotes.forEach((q, i) => {
    children.push(
      new Paragraph({
        children: [new TextRun({ text: `${i + 1}. `, bold: true, font: FONT }), new TextRun({ text: formatAttribution(q, input.verb, input.style), font: FONT })],
        spacing: { before: 200, after: 60 },
      }),
      new Paragraph({
        alignment: AlignmentType.LEFT,
        children: [
          new TextRun({
            text: `${input.labels.source}: ${q.recordingTitle}, ${timestamp(q.start, ',').slice(0, 8)}–${timestamp(q.end, ',').slice(0, 8)} · ${q.checked ? input.labels.checked : input.labels.unchecked}`,
            color: '666666',
            size: 18,
            font: FONT,
          }),
        ],
      }),
    );
  });
  children.push(meta(input.labels.generated));
  const doc = new Document({ creator: 'Risalah', title: input.eventTitle, sections: [{ children }] });
  return Packer.toBuffer(doc);
}
