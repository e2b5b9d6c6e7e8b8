// risalah-whisper: Risalah's transcription sidecar over whisper.cpp's C API (whisper.h, 1.9.1).
//
// Owns: loading one Whisper model ONCE and answering transcription requests as JSON lines on
// stdin/stdout (protocol in docs/whisper-engine.md). stdout carries protocol lines only (the
// real stdout is kept private and fd 1 is pointed at stderr, so nothing a library prints can
// corrupt the protocol); stderr carries whisper.cpp's log.
//
//   risalah-whisper --model PATH [--threads N] [--backends DIR]
//
// Threads: the main thread runs requests one at a time; a reader thread reads stdin so that
// `cancel`, `ping` and `quit` are handled while a transcription runs. Cancel sets an atomic flag
// polled by whisper.cpp's encoder_begin_callback and abort_callback; with our patch
// (native/patches/whisper-1.9.1.mjs) the abort callback is polled between ggml graph nodes, so a
// cancel takes effect within milliseconds even in the middle of an encoder pass.
//
// Exit codes: 0 quit/EOF, 2 model missing/invalid, 3 engine incomplete (no CPU backend), 1 other.

#include "model_check.h"

#include "ggml-backend.h"
#include "ggml.h"
#include "whisper.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cerrno>
#include <climits>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <sys/stat.h>

#ifdef _WIN32
#include <fcntl.h>
#include <io.h>
#include <windows.h>
#define risalah_fseek _fseeki64
#else
#include <dirent.h>
#include <unistd.h>
#define risalah_fseek fseeko
#endif
#ifdef __APPLE__
#include <mach-o/dyld.h>
#endif

#ifndef RISALAH_WHISPER_VERSION
#define RISALAH_WHISPER_VERSION ""
#endif

using json = nlohmann::json;
using steady = std::chrono::steady_clock;

namespace {

constexpr int PROTOCOL_VERSION = 1;

// ---------------------------------------------------------------------------------------------
// output

FILE * g_proto = nullptr;  // the real stdout
std::mutex g_out_mutex;

void emit(const json & j) {
    // Invalid UTF-8 (a token may hold part of a multi-byte character) becomes U+FFFD.
    const std::string s = j.dump(-1, ' ', false, json::error_handler_t::replace);
    std::lock_guard<std::mutex> lock(g_out_mutex);
    fwrite(s.data(), 1, s.size(), g_proto);
    fputc('\n', g_proto);
    fflush(g_proto);
}

json msg(const char * type) { return json{ { "type", type } }; }

json error_msg(const std::string & id, const char * code, const std::string & message) {
    json j = msg("error");
    if (!id.empty()) j["id"] = id;
    j["code"] = code;
    j["message"] = message;
    return j;
}

[[noreturn]] void fatal(const char * code, const std::string & message, int exit_code, const json & extra = json::object()) {
    json j = msg("fatal");
    j["code"] = code;
    j["message"] = message;
    for (auto it = extra.begin(); it != extra.end(); ++it) j[it.key()] = it.value();
    emit(j);
    fflush(stderr);
    std::exit(exit_code);
}

// Keeps protocol lines on a private descriptor and sends fd 1 to stderr.
void isolate_stdout() {
#ifdef _WIN32
    _setmode(_fileno(stdin), _O_BINARY);
    int fd = _dup(_fileno(stdout));
    _dup2(_fileno(stderr), _fileno(stdout));
    g_proto = _fdopen(fd, "wb");
#else
    int fd = dup(STDOUT_FILENO);
    dup2(STDERR_FILENO, STDOUT_FILENO);
    g_proto = fdopen(fd, "w");
#endif
    if (!g_proto) g_proto = stderr;
}

double ms_since(steady::time_point t0) {
    return std::chrono::duration<double, std::milli>(steady::now() - t0).count();
}

// ---------------------------------------------------------------------------------------------
// files

bool file_exists(const std::string & p) {
    struct stat st {};
    return stat(p.c_str(), &st) == 0;
}

bool is_directory(const std::string & p) {
    struct stat st {};
    return stat(p.c_str(), &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR;
}

std::string basename_of(const std::string & p) {
    const size_t i = p.find_last_of("/\\");
    return i == std::string::npos ? p : p.substr(i + 1);
}

#ifdef RISALAH_BACKEND_DL
std::string executable_dir() {
    std::string exe;
#if defined(_WIN32)
    char buf[MAX_PATH];
    DWORD n = GetModuleFileNameA(nullptr, buf, MAX_PATH);
    exe.assign(buf, n);
#elif defined(__APPLE__)
    char buf[4096];
    uint32_t n = sizeof(buf);
    if (_NSGetExecutablePath(buf, &n) == 0) exe = buf;
#else
    char buf[4096];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
    if (n > 0) exe.assign(buf, (size_t) n);
#endif
    const size_t i = exe.find_last_of("/\\");
    return i == std::string::npos ? std::string(".") : exe.substr(0, i);
}

// True when `dir` holds a ggml CPU backend library (libggml-cpu-*.so, ggml-cpu-*.dll, ...).
bool dir_has_cpu_backend(const std::string & dir) {
#ifdef _WIN32
    WIN32_FIND_DATAA fd;
    HANDLE h = FindFirstFileA((dir + "\\ggml-cpu*.dll").c_str(), &fd);
    if (h == INVALID_HANDLE_VALUE) return false;
    FindClose(h);
    return true;
#else
    DIR * d = opendir(dir.c_str());
    if (!d) return false;
    bool found = false;
    while (struct dirent * e = readdir(d)) {
        if (strncmp(e->d_name, "libggml-cpu", 11) == 0) {
            found = true;
            break;
        }
    }
    closedir(d);
    return found;
#endif
}
#endif  // RISALAH_BACKEND_DL

// ---------------------------------------------------------------------------------------------
// request queue, shared with the stdin reader thread

struct request {
    std::string id;
    json body;
};

struct shared_state {
    std::mutex mutex;
    std::condition_variable cv;
    std::deque<request> queue;
    bool quit = false;
    std::string current_id;  // request being transcribed ("" when idle)
    std::atomic<bool> cancel{ false };
} g;

void reader_thread() {
    std::string line;
    while (std::getline(std::cin, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) continue;

        json j = json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.is_object() || !j.contains("type") || !j["type"].is_string()) {
            emit(error_msg("", "ENGINE_FAILED", "not a JSON object with a \"type\": " + line.substr(0, 200)));
            continue;
        }
        const std::string type = j["type"];
        const std::string id = j.contains("id") && j["id"].is_string() ? j["id"].get<std::string>() : "";

        if (type == "ping") {
            json p = msg("pong");
            if (!id.empty()) p["id"] = id;
            emit(p);
        } else if (type == "cancel") {
            std::lock_guard<std::mutex> lock(g.mutex);
            if (!id.empty() && id == g.current_id) {
                g.cancel = true;
            } else {
                auto it = std::find_if(g.queue.begin(), g.queue.end(), [&](const request & r) { return r.id == id; });
                if (it != g.queue.end()) {
                    g.queue.erase(it);
                    json c = msg("cancelled");
                    c["id"] = id;
                    emit(c);
                }
                // else: already finished (its done/error went out) or unknown: nothing to do
            }
        } else if (type == "quit") {
            break;
        } else if (type == "transcribe") {
            if (id.empty()) {
                emit(error_msg("", "ENGINE_FAILED", "transcribe needs a string \"id\""));
                continue;
            }
            std::lock_guard<std::mutex> lock(g.mutex);
            g.queue.push_back({ id, std::move(j) });
            g.cv.notify_one();
        } else {
            emit(error_msg(id, "ENGINE_FAILED", "unknown request type \"" + type + "\""));
        }
    }
    // quit or EOF: stop the running request and let the main loop end
    std::lock_guard<std::mutex> lock(g.mutex);
    g.quit = true;
    g.cancel = true;
    g.cv.notify_one();
}

// ---------------------------------------------------------------------------------------------
// transcription

struct options {
    std::string pcm_path;
    bool pcm_s16 = false;
    int64_t offset = 0;  // samples
    int64_t count = -1;  // samples; -1 = to the end of the file
    std::string language = "id";
    int threads = 0;
    std::string initial_prompt;
    int max_tokens = 0;
    int64_t time_offset_ms = 0;
    float temperature = 0.0f;
    float temperature_inc = 0.2f;
    int beam_size = 0;
    bool no_context = true;
    float no_speech_thold = 0.6f;
    bool token_timestamps = true;
    bool suppress_nst = false;
};

struct bad_request : std::runtime_error {
    using std::runtime_error::runtime_error;
};

template <typename T>
T get_num(const json & o, const char * key, T def, double lo, double hi) {
    if (!o.contains(key) || o[key].is_null()) return def;
    if (!o[key].is_number()) throw bad_request(std::string("\"") + key + "\" must be a number");
    const double v = o[key].get<double>();
    if (!(v >= lo && v <= hi)) throw bad_request(std::string("\"") + key + "\" is out of range");
    return (T) v;
}

bool get_bool(const json & o, const char * key, bool def) {
    if (!o.contains(key) || o[key].is_null()) return def;
    if (!o[key].is_boolean()) throw bad_request(std::string("\"") + key + "\" must be true or false");
    return o[key].get<bool>();
}

std::string get_str(const json & o, const char * key, const std::string & def) {
    if (!o.contains(key) || o[key].is_null()) return def;
    if (!o[key].is_string()) throw bad_request(std::string("\"") + key + "\" must be a string");
    return o[key].get<std::string>();
}

options parse_options(const json & body, int default_threads) {
    options o;
    if (!body.contains("pcm") || !body["pcm"].is_object()) throw bad_request("\"pcm\" must be an object");
    const json & pcm = body["pcm"];
    o.pcm_path = get_str(pcm, "path", "");
    if (o.pcm_path.empty()) throw bad_request("\"pcm.path\" is required");
    const std::string fmt = get_str(pcm, "format", "f32le");
    if (fmt != "f32le" && fmt != "s16le") throw bad_request("\"pcm.format\" must be f32le or s16le");
    o.pcm_s16 = fmt == "s16le";
    o.offset = get_num<int64_t>(pcm, "offset", 0, 0, 9e15);
    o.count = get_num<int64_t>(pcm, "count", -1, -1, INT_MAX);

    const json opts = body.contains("options") && body["options"].is_object() ? body["options"] : json::object();
    o.language = get_str(opts, "language", "id");
    if (o.language == "jv") o.language = "jw";  // whisper's code for Javanese
    if (o.language.empty()) o.language = "auto";
    if (o.language != "auto" && whisper_lang_id(o.language.c_str()) < 0) throw bad_request("unknown language \"" + o.language + "\"");
    o.threads = get_num<int>(opts, "threads", default_threads, 1, 256);
    o.initial_prompt = get_str(opts, "initial_prompt", "");
    o.max_tokens = get_num<int>(opts, "max_tokens", 0, 0, 10000);
    o.time_offset_ms = get_num<int64_t>(opts, "time_offset_ms", 0, 0, 9e15);
    o.temperature = get_num<float>(opts, "temperature", 0.0f, 0, 2);
    o.temperature_inc = get_num<float>(opts, "temperature_inc", 0.2f, 0, 2);
    o.beam_size = get_num<int>(opts, "beam_size", 0, 0, 16);
    o.no_context = get_bool(opts, "no_context", true);
    o.no_speech_thold = get_num<float>(opts, "no_speech_thold", 0.6f, 0, 1);
    o.token_timestamps = get_bool(opts, "token_timestamps", true);
    o.suppress_nst = get_bool(opts, "suppress_nst", false);
    return o;
}

struct pcm_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Reads [offset, offset+count) samples of 16 kHz mono PCM from a raw file.
std::vector<float> read_pcm(const options & o) {
    if (is_directory(o.pcm_path)) throw pcm_error("the PCM path is a directory");
    FILE * f = fopen(o.pcm_path.c_str(), "rb");
    if (!f) throw pcm_error("cannot open the PCM file: " + std::string(strerror(errno)));
    struct closer { FILE * f; ~closer() { fclose(f); } } close_on_return{ f };

    const int64_t bps = o.pcm_s16 ? 2 : 4;
    if (risalah_fseek(f, 0, SEEK_END) != 0) throw pcm_error("cannot seek in the PCM file");
#ifdef _WIN32
    const int64_t size = _ftelli64(f);
#else
    const int64_t size = ftello(f);
#endif
    if (size < 0) throw pcm_error("cannot read the PCM file (is it a directory?)");
    const int64_t total = size / bps;
    const int64_t start = std::min(o.offset, total);
    int64_t n = total - start;
    if (o.count >= 0) n = std::min(n, o.count);
    if (n > INT_MAX) throw pcm_error("the PCM range is too long");
    if (risalah_fseek(f, start * bps, SEEK_SET) != 0) throw pcm_error("cannot seek in the PCM file");

    std::vector<float> out((size_t) n);
    if (n == 0) return out;
    if (o.pcm_s16) {
        std::vector<int16_t> tmp((size_t) n);
        if (fread(tmp.data(), 2, (size_t) n, f) != (size_t) n) throw pcm_error("short read from the PCM file");
        for (int64_t i = 0; i < n; i++) out[i] = (float) tmp[i] / 32768.0f;
    } else {
        if (fread(out.data(), 4, (size_t) n, f) != (size_t) n) throw pcm_error("short read from the PCM file");
        for (float & v : out) {
            if (!std::isfinite(v)) v = 0.0f;
        }
    }
    return out;
}

struct run_ctx {
    whisper_context * ctx = nullptr;
    const options * opt = nullptr;
    std::string id;
    int64_t duration_ms = 0;  // of the audio given (for clamping and progress)
    int last_progress = -1;
    int n_segments = 0;
    int n_encode = 0;
    bool first_progress_seen = false;
    steady::time_point t_start;
    double prep_ms = 0;

    void progress(int pct) {
        pct = std::max(0, std::min(100, pct));
        if (pct <= last_progress) return;
        last_progress = pct;
        json j = msg("progress");
        j["id"] = id;
        j["percent"] = pct;
        emit(j);
    }
    int64_t abs_ms(int64_t centis) const {
        const int64_t ms = std::max<int64_t>(0, std::min<int64_t>(centis * 10, duration_ms));
        return ms + opt->time_offset_ms;
    }
};

bool cb_abort(void * /*user*/) { return g.cancel.load(std::memory_order_relaxed); }

bool cb_encoder_begin(whisper_context *, whisper_state *, void * user) {
    auto * rc = (run_ctx *) user;
    rc->n_encode++;
    return !g.cancel.load();
}

void cb_progress(whisper_context *, whisper_state *, int progress, void * user) {
    auto * rc = (run_ctx *) user;
    if (!rc->first_progress_seen) {
        rc->first_progress_seen = true;
        rc->prep_ms = ms_since(rc->t_start);
    }
    rc->progress(std::min(progress, 99));
}

void cb_new_segment(whisper_context * ctx, whisper_state * state, int n_new, void * user) {
    auto * rc = (run_ctx *) user;
    const int n = whisper_full_n_segments_from_state(state);
    const whisper_token eot = whisper_token_eot(ctx);
    for (int i = std::max(0, n - n_new); i < n; i++) {
        const int64_t t0 = rc->abs_ms(whisper_full_get_segment_t0_from_state(state, i));
        const int64_t t1 = std::max(t0, rc->abs_ms(whisper_full_get_segment_t1_from_state(state, i)));
        json tokens = json::array();
        const int nt = whisper_full_n_tokens_from_state(state, i);
        for (int k = 0; k < nt; k++) {
            const whisper_token_data td = whisper_full_get_token_data_from_state(state, i, k);
            if (td.id >= eot) continue;  // <|endoftext|>, <|id|>, timestamps and other specials
            json tk = { { "id", td.id }, { "text", whisper_token_to_str(ctx, td.id) }, { "p", td.p } };
            if (rc->opt->token_timestamps && td.t0 >= 0 && td.t1 >= 0) {
                tk["t0"] = rc->abs_ms(td.t0);
                tk["t1"] = std::max(tk["t0"].get<int64_t>(), rc->abs_ms(td.t1));
            } else {
                tk["t0"] = nullptr;
                tk["t1"] = nullptr;
            }
            tokens.push_back(std::move(tk));
        }
        json j = msg("segment");
        j["id"] = rc->id;
        j["index"] = i;
        j["t0"] = t0;
        j["t1"] = t1;
        j["text"] = whisper_full_get_segment_text_from_state(state, i);
        j["no_speech_prob"] = whisper_full_get_segment_no_speech_prob_from_state(state, i);
        j["speaker_turn"] = whisper_full_get_segment_speaker_turn_next_from_state(state, i);
        j["tokens"] = std::move(tokens);
        emit(j);
        rc->n_segments = i + 1;

        if (rc->duration_ms > 0) {
            const int64_t rel = t1 - rc->opt->time_offset_ms;
            rc->progress((int) std::min<int64_t>(99, rel * 100 / rc->duration_ms));
        }
    }
}

std::string public_lang(const char * code) {
    if (!code) return "";
    if (strcmp(code, "jw") == 0) return "jv";
    return code;
}

json timings_json(whisper_context * ctx, const run_ctx & rc, double load_ms, double read_ms, double total_ms) {
    json t = { { "load_ms", load_ms }, { "read_ms", read_ms }, { "mel_ms", rc.prep_ms }, { "total_ms", total_ms }, { "n_encode", rc.n_encode } };
    if (whisper_timings * wt = whisper_get_timings(ctx)) {
        // whisper.cpp's own means: encode per encoder pass (one 30 s window), decode per
        // generated token, batchd/prompt per token decoded in a batch, sample per sampling run.
        t["encode_ms"] = wt->encode_ms;
        t["decode_ms"] = wt->decode_ms;
        t["batchd_ms"] = wt->batchd_ms;
        t["prompt_ms"] = wt->prompt_ms;
        t["sample_ms"] = wt->sample_ms;
        delete wt;
    }
    return t;
}

void transcribe(whisper_context * ctx, const request & req, int default_threads, double load_ms) {
    const auto t_start = steady::now();
    options o;
    try {
        o = parse_options(req.body, default_threads);
    } catch (const std::exception & e) {
        emit(error_msg(req.id, "ENGINE_FAILED", std::string("invalid transcribe request: ") + e.what()));
        return;
    }

    std::vector<float> pcm;
    try {
        pcm = read_pcm(o);
    } catch (const std::exception & e) {
        json err = error_msg(req.id, "FILE_UNREADABLE", std::string(e.what()) + " (" + o.pcm_path + ")");
        err["file"] = basename_of(o.pcm_path);
        emit(err);
        return;
    }
    const double read_ms = ms_since(t_start);

    run_ctx rc;
    rc.ctx = ctx;
    rc.opt = &o;
    rc.id = req.id;
    rc.duration_ms = (int64_t) pcm.size() * 1000 / WHISPER_SAMPLE_RATE;
    rc.t_start = steady::now();
    rc.progress(0);

    whisper_reset_timings(ctx);

    auto finish_done = [&](const char * language) {
        rc.progress(100);
        json d = msg("done");
        d["id"] = req.id;
        d["language"] = language;
        d["n_segments"] = rc.n_segments;
        d["samples"] = pcm.size();
        d["duration_ms"] = rc.duration_ms;
        d["timings"] = timings_json(ctx, rc, load_ms, read_ms, ms_since(t_start));
        emit(d);
    };

    // whisper.cpp ignores < 100 ms, and with 0 samples it would reuse the previous mel.
    if (pcm.size() < WHISPER_SAMPLE_RATE / 10) {
        if (g.cancel.load()) {
            json c = msg("cancelled");
            c["id"] = req.id;
            emit(c);
            return;
        }
        finish_done(o.language == "auto" ? "" : public_lang(o.language.c_str()).c_str());
        return;
    }

    whisper_full_params wp = whisper_full_default_params(o.beam_size > 0 ? WHISPER_SAMPLING_BEAM_SEARCH : WHISPER_SAMPLING_GREEDY);
    wp.n_threads = o.threads;
    wp.language = o.language.c_str();
    wp.detect_language = false;
    wp.translate = false;
    wp.no_context = o.no_context;
    wp.no_timestamps = false;
    wp.single_segment = false;
    wp.print_special = false;
    wp.print_progress = false;
    wp.print_realtime = false;
    wp.print_timestamps = false;
    wp.token_timestamps = o.token_timestamps;
    wp.max_tokens = o.max_tokens;
    wp.initial_prompt = o.initial_prompt.empty() ? nullptr : o.initial_prompt.c_str();
    wp.temperature = o.temperature;
    wp.temperature_inc = o.temperature_inc;
    wp.no_speech_thold = o.no_speech_thold;
    wp.suppress_nst = o.suppress_nst;
    if (o.beam_size > 0) wp.beam_search.beam_size = o.beam_size;
    wp.new_segment_callback = cb_new_segment;
    wp.new_segment_callback_user_data = &rc;
    wp.progress_callback = cb_progress;
    wp.progress_callback_user_data = &rc;
    wp.encoder_begin_callback = cb_encoder_begin;
    wp.encoder_begin_callback_user_data = &rc;
    wp.abort_callback = cb_abort;
    wp.abort_callback_user_data = &rc;

    int ret = -1;
    std::string what;
    try {
        ret = whisper_full(ctx, wp, pcm.data(), (int) pcm.size());
    } catch (const std::exception & e) {
        what = e.what();
    }

    if (g.cancel.load()) {
        json c = msg("cancelled");
        c["id"] = req.id;
        c["n_segments"] = rc.n_segments;
        c["timings"] = timings_json(ctx, rc, load_ms, read_ms, ms_since(t_start));
        emit(c);
        return;
    }
    if (ret != 0 || !what.empty()) {
        emit(error_msg(req.id, "ENGINE_FAILED",
                       what.empty() ? "whisper_full failed with code " + std::to_string(ret) + " (see the engine log)"
                                    : "whisper_full threw: " + what));
        return;
    }
    finish_done(public_lang(whisper_lang_str(whisper_full_lang_id(ctx))).c_str());
}

void usage_exit(const std::string & why) {
    fatal("ENGINE_FAILED", why + ". usage: risalah-whisper --model PATH [--threads N] [--backends DIR]", 1);
}

}  // namespace

int main(int argc, char ** argv) {
    isolate_stdout();

    std::string model_path, backends_dir;
    int threads = (int) std::min(4u, std::max(1u, std::thread::hardware_concurrency()));
    for (int i = 1; i < argc; i++) {
        const std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) usage_exit("missing value after " + a);
            return argv[++i];
        };
        if (a == "--model" || a == "-m") {
            model_path = next();
        } else if (a == "--threads" || a == "-t") {
            const std::string v = next();
            char * end = nullptr;
            const long n = strtol(v.c_str(), &end, 10);
            if (!end || *end || n < 1 || n > 256) usage_exit("invalid --threads " + v);
            threads = (int) n;
        } else if (a == "--backends") {
            backends_dir = next();
        } else if (a == "--version") {
            emit(json{ { "type", "version" }, { "version", whisper_version() }, { "protocol", PROTOCOL_VERSION } });
            return 0;
        } else {
            usage_exit("unknown argument " + a);
        }
    }
    if (model_path.empty()) usage_exit("--model is required");

    const json file_param = { { "file", basename_of(model_path) } };

#ifdef RISALAH_BACKEND_DL
    {
        const std::string dir = backends_dir.empty() ? executable_dir() : backends_dir;
        // ggml aborts the process when it finds no CPU variant it can use: look first.
        if (!dir_has_cpu_backend(dir)) {
            fatal("ENGINE_MISSING", "no ggml CPU backend library (libggml-cpu-*) in " + dir, 3);
        }
        ggml_backend_load_all_from_path(dir.c_str());
        if (ggml_backend_dev_by_type(GGML_BACKEND_DEVICE_TYPE_CPU) == nullptr) {
            fatal("ENGINE_MISSING", "no ggml CPU backend in " + dir + " could be loaded on this CPU", 3);
        }
    }
#else
    (void) backends_dir;
#endif

    if (!file_exists(model_path)) {
        fatal("MODEL_MISSING", "model file not found: " + model_path, 2, file_param);
    }
    if (is_directory(model_path)) {
        fatal("MODEL_INVALID", "the model path is a directory, not a model file: " + model_path, 2, file_param);
    }
    const model_check_result check = check_model_file(model_path);
    if (!check.ok) {
        if (check.message == "cannot open the file") {
            fatal("MODEL_MISSING", "cannot open the model file: " + model_path, 2, file_param);
        }
        fatal("MODEL_INVALID", "not a usable whisper.cpp model: " + check.message, 2, file_param);
    }

    const auto t_load = steady::now();
    whisper_context_params cparams = whisper_context_default_params();
    cparams.use_gpu = false;
    whisper_context * ctx = nullptr;
    try {
        ctx = whisper_init_from_file_with_params(model_path.c_str(), cparams);
    } catch (const std::exception & e) {
        fatal("MODEL_INVALID", std::string("whisper.cpp could not load the model: ") + e.what(), 2, file_param);
    }
    if (!ctx) fatal("MODEL_INVALID", "whisper.cpp could not load the model (see the engine log)", 2, file_param);
    const double load_ms = ms_since(t_load);

    json ready = msg("ready");
    ready["protocol"] = PROTOCOL_VERSION;
    ready["version"] = whisper_version();
    ready["model"] = {
        { "type", whisper_model_type_readable(ctx) },
        { "n_vocab", whisper_model_n_vocab(ctx) },
        { "n_audio_ctx", whisper_model_n_audio_ctx(ctx) },
        { "n_audio_state", whisper_model_n_audio_state(ctx) },
        { "n_audio_layer", whisper_model_n_audio_layer(ctx) },
        { "n_text_layer", whisper_model_n_text_layer(ctx) },
        { "n_mels", whisper_model_n_mels(ctx) },
        { "multilingual", whisper_is_multilingual(ctx) != 0 },
        { "ftype", whisper_model_ftype(ctx) },
    };
    ready["threads"] = threads;
    ready["load_ms"] = load_ms;
    ready["system"] = whisper_print_system_info();
    emit(ready);

    std::thread reader(reader_thread);

    while (true) {
        request req;
        {
            std::unique_lock<std::mutex> lock(g.mutex);
            g.cv.wait(lock, [] { return g.quit || !g.queue.empty(); });
            if (g.quit) break;
            req = std::move(g.queue.front());
            g.queue.pop_front();
            g.current_id = req.id;
            g.cancel = false;
        }
        try {
            transcribe(ctx, req, threads, load_ms);
        } catch (const std::exception & e) {
            emit(error_msg(req.id, "ENGINE_FAILED", std::string("internal error: ") + e.what()));
        }
        {
            std::lock_guard<std::mutex> lock(g.mutex);
            g.current_id.clear();
        }
    }

    reader.join();
    whisper_free(ctx);
    return 0;
}
