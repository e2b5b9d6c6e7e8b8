// risalah-whisper: structural check of a whisper.cpp ggml model file (see model_check.h).
#include "model_check.h"

#include "ggml.h"

#include <climits>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

#ifdef _WIN32
#define risalah_fseek _fseeki64
#define risalah_ftell _ftelli64
#else
#define risalah_fseek fseeko
#define risalah_ftell ftello
#endif

namespace {

constexpr uint32_t GGML_MAGIC_LEGACY = 0x67676d6c;  // "ggml" as whisper.cpp's .bin models store it
constexpr uint32_t GGUF_MAGIC_LE = 0x46554747;      // "GGUF"

struct reader {
    FILE * f = nullptr;
    int64_t size = 0;
    int64_t pos = 0;

    bool read(void * dst, size_t n) {
        if (pos + (int64_t) n > size) return false;
        if (fread(dst, 1, n, f) != n) return false;
        pos += (int64_t) n;
        return true;
    }
    bool i32(int32_t & v) { return read(&v, sizeof(v)); }
    bool skip(int64_t n) {
        if (n < 0 || pos + n > size) return false;
        if (risalah_fseek(f, pos + n, SEEK_SET) != 0) return false;
        pos += n;
        return true;
    }
};

std::string fmt(const char * f, long long a = 0, long long b = 0) {
    char buf[256];
    snprintf(buf, sizeof(buf), f, a, b);
    return buf;
}

// The tensor names whisper_model_load creates (src/whisper-arch.h of 1.9.1).
std::set<std::string> expected_tensors(int n_audio_layer, int n_text_layer) {
    std::set<std::string> s = {
        "encoder.positional_embedding", "encoder.conv1.weight", "encoder.conv1.bias",
        "encoder.conv2.weight", "encoder.conv2.bias", "encoder.ln_post.weight", "encoder.ln_post.bias",
        "decoder.positional_embedding", "decoder.token_embedding.weight", "decoder.ln.weight", "decoder.ln.bias",
    };
    const char * block[] = {
        "mlp_ln.weight", "mlp_ln.bias", "mlp.0.weight", "mlp.0.bias", "mlp.2.weight", "mlp.2.bias",
        "attn_ln.weight", "attn_ln.bias", "attn.query.weight", "attn.query.bias", "attn.key.weight",
        "attn.value.weight", "attn.value.bias", "attn.out.weight", "attn.out.bias",
    };
    const char * cross[] = {
        "cross_attn_ln.weight", "cross_attn_ln.bias", "cross_attn.query.weight", "cross_attn.query.bias",
        "cross_attn.key.weight", "cross_attn.value.weight", "cross_attn.value.bias", "cross_attn.out.weight",
        "cross_attn.out.bias",
    };
    for (int i = 0; i < n_audio_layer; i++) {
        for (const char * b : block) s.insert("encoder.blocks." + std::to_string(i) + "." + b);
    }
    for (int i = 0; i < n_text_layer; i++) {
        for (const char * b : block) s.insert("decoder.blocks." + std::to_string(i) + "." + b);
        for (const char * b : cross) s.insert("decoder.blocks." + std::to_string(i) + "." + b);
    }
    return s;
}

model_check_result fail(const std::string & why) {
    model_check_result r;
    r.ok = false;
    r.message = why;
    return r;
}

}  // namespace

model_check_result check_model_file(const std::string & path) {
    FILE * f = fopen(path.c_str(), "rb");
    if (!f) return fail("cannot open the file");
    struct closer { FILE * f; ~closer() { fclose(f); } } close_on_return{ f };

    reader r;
    r.f = f;
    if (risalah_fseek(f, 0, SEEK_END) != 0) return fail("cannot seek in the file");
    r.size = risalah_ftell(f);
    risalah_fseek(f, 0, SEEK_SET);
    if (r.size < 4 + 11 * 4) return fail(fmt("the file is too small to be a model (%lld bytes)", r.size));

    uint32_t magic = 0;
    r.read(&magic, 4);
    if (magic == GGUF_MAGIC_LE) {
        return fail("this is a GGUF file; whisper.cpp needs a Whisper model in ggml .bin format (ggml-*.bin)");
    }
    if (magic != GGML_MAGIC_LEGACY) return fail("not a whisper.cpp ggml model (bad magic)");

    int32_t hp[11];
    for (int32_t & v : hp) {
        if (!r.i32(v)) return fail("the header is truncated");
    }
    const int32_t n_vocab = hp[0], n_audio_ctx = hp[1], n_audio_state = hp[2], n_audio_head = hp[3],
                  n_audio_layer = hp[4], n_text_ctx = hp[5], n_text_state = hp[6], n_text_head = hp[7],
                  n_text_layer = hp[8], n_mels = hp[9], ftype = hp[10];

    auto in = [](int32_t v, int32_t lo, int32_t hi) { return v >= lo && v <= hi; };
    if (!in(n_vocab, 1, 1 << 20)) return fail(fmt("implausible n_vocab %lld", n_vocab));
    if (!in(n_audio_ctx, 1, 1500)) return fail(fmt("implausible n_audio_ctx %lld", n_audio_ctx));
    if (!in(n_text_ctx, 1, 448)) return fail(fmt("implausible n_text_ctx %lld", n_text_ctx));
    if (!in(n_audio_state, 1, 8192) || n_audio_state != n_text_state) {
        return fail(fmt("implausible model width (audio %lld, text %lld)", n_audio_state, n_text_state));
    }
    if (!in(n_audio_head, 1, 256) || !in(n_text_head, 1, 256) || n_audio_state % n_audio_head || n_text_state % n_text_head) {
        return fail(fmt("implausible head counts (audio %lld, text %lld)", n_audio_head, n_text_head));
    }
    if (!in(n_audio_layer, 1, 256) || !in(n_text_layer, 1, 256)) {
        return fail(fmt("implausible layer counts (audio %lld, text %lld)", n_audio_layer, n_text_layer));
    }
    if (n_mels != 80 && n_mels != 128) return fail(fmt("implausible n_mels %lld", n_mels));
    if (!in(ftype, 0, 1 << 20)) return fail(fmt("implausible ftype %lld", ftype));

    // mel filters
    int32_t filt_n_mel = 0, filt_n_fft = 0;
    if (!r.i32(filt_n_mel) || !r.i32(filt_n_fft)) return fail("the file is truncated in the mel filters");
    if (!in(filt_n_mel, 1, 512) || !in(filt_n_fft, 1, 4096)) {
        return fail(fmt("implausible mel filter shape %lld x %lld", filt_n_mel, filt_n_fft));
    }
    if (!r.skip((int64_t) filt_n_mel * filt_n_fft * 4)) return fail("the file is truncated in the mel filters");

    // vocabulary
    int32_t n_vocab_file = 0;
    if (!r.i32(n_vocab_file)) return fail("the file is truncated before the vocabulary");
    if (!in(n_vocab_file, 0, n_vocab)) return fail(fmt("vocabulary has %lld tokens for n_vocab %lld", n_vocab_file, n_vocab));
    for (int32_t i = 0; i < n_vocab_file; i++) {
        int32_t len = 0;
        if (!r.i32(len)) return fail(fmt("the file is truncated in the vocabulary (token %lld)", i));
        if (!in(len, 0, 4096)) return fail(fmt("implausible token length %lld (token %lld)", len, i));
        if (!r.skip(len)) return fail(fmt("the file is truncated in the vocabulary (token %lld)", i));
    }

    // tensors
    std::set<std::string> expected = expected_tensors(n_audio_layer, n_text_layer);
    std::set<std::string> seen;
    std::vector<char> name_buf;
    while (r.pos < r.size) {
        int32_t n_dims = 0, name_len = 0, ttype = 0;
        if (!r.i32(n_dims) || !r.i32(name_len) || !r.i32(ttype)) {
            return fail(fmt("the file is truncated in a tensor header (after %lld tensors)", (long long) seen.size()));
        }
        if (!in(n_dims, 1, 4)) return fail(fmt("implausible tensor rank %lld (tensor %lld)", n_dims, (long long) seen.size()));
        if (!in(name_len, 1, 512)) return fail(fmt("implausible tensor name length %lld (tensor %lld)", name_len, (long long) seen.size()));
        if (!in(ttype, 0, GGML_TYPE_COUNT - 1)) return fail(fmt("unknown tensor type %lld (tensor %lld)", ttype, (long long) seen.size()));
        const size_t type_size = ggml_type_size((ggml_type) ttype);
        const int64_t blck = ggml_blck_size((ggml_type) ttype);
        if (type_size == 0 || blck <= 0) return fail(fmt("unsupported tensor type %lld (tensor %lld)", ttype, (long long) seen.size()));

        int64_t nelements = 1;
        int32_t ne0 = 0;
        for (int i = 0; i < n_dims; i++) {
            int32_t ne = 0;
            if (!r.i32(ne)) return fail("the file is truncated in a tensor header");
            if (!in(ne, 1, 1 << 26)) return fail(fmt("implausible tensor dimension %lld (tensor %lld)", ne, (long long) seen.size()));
            if (i == 0) ne0 = ne;
            nelements *= ne;
            if (nelements > INT32_MAX) return fail(fmt("tensor too large (tensor %lld)", (long long) seen.size()));
        }
        if (ne0 % blck != 0) return fail(fmt("tensor row of %lld is not a multiple of its block size %lld", ne0, blck));

        name_buf.resize(name_len);
        if (!r.read(name_buf.data(), name_len)) return fail("the file is truncated in a tensor name");
        std::string name(name_buf.data(), name_buf.size());
        if (!expected.count(name)) return fail("unexpected tensor '" + name + "'");
        if (!seen.insert(name).second) return fail("tensor '" + name + "' appears twice");

        const int64_t bytes = nelements / blck * (int64_t) type_size;
        if (!r.skip(bytes)) {
            return fail("the file is truncated in the data of tensor '" + name + "' (an incomplete download?)");
        }
    }
    if (seen.size() != expected.size()) {
        return fail(fmt("the file has %lld of the %lld tensors the model needs (an incomplete download?)",
                        (long long) seen.size(), (long long) expected.size()));
    }

    model_check_result ok;
    ok.ok = true;
    ok.n_vocab = n_vocab;
    ok.n_audio_layer = n_audio_layer;
    ok.n_text_layer = n_text_layer;
    ok.n_tensors = (int64_t) seen.size();
    return ok;
}
