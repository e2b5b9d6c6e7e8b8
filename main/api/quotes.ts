/**
 * Quotes: the exact words of a person, with the span of the recording they come from.
 */

/** A quote taken from a transcript, stored in `events/<id>/quotes.json`. */
export interface Quote {
  id: string;
  eventId: string;
  recordingId: string;
  /** Exact span in the recording, seconds. */
  start: number;
  end: number;
  text: string;
  /** The directory person who said it, when known. */
  speakerId: string | null;
  /** Name and jabatan as they were when the quote was saved (the directory may change later). */
  speakerName: string;
  speakerTitle: string;
  tags: string[];
  /** Someone listened to the clip and confirmed the words. */
  checked: boolean;
  checkedAt?: string;
  note: string;
  createdAt: string;
  updatedAt: string;
}

/** A quote with its event's title and date (the quote library). */
export interface QuoteWithEvent extends Quote {
  eventTitle: string;
  eventDate: string;
}
