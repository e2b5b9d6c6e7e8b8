// risalah-whisper: structural check of a whisper.cpp ggml model file.
//
// Owns: deciding, WITHOUT whisper.cpp, whether a file is a complete legacy-ggml Whisper model,
// so that random bytes, a GGUF file or a truncated download are reported as MODEL_INVALID
// instead of crashing or hanging whisper_init (which trusts the sizes it reads and, for a file
// cut right after the vocabulary, even "loads" an empty model for testing).
#pragma once

#include <cstdint>
#include <string>

struct model_check_result {
    bool ok = false;
    std::string message;  // why not, in plain English (for MODEL_INVALID)
    int32_t n_vocab = 0;
    int32_t n_audio_layer = 0;
    int32_t n_text_layer = 0;
    int64_t n_tensors = 0;
};

// Walks the header, the mel filters, the vocabulary and every tensor header, checking each size
// against the file size, that every tensor the hyper-parameters imply is present exactly once
// and that the file ends where the last tensor ends.
model_check_result check_model_file(const std::string & path);
