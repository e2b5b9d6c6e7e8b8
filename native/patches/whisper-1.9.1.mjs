/**
 * Source patches applied to our private copy of whisper.cpp 1.9.1 before it is built.
 *
 * Owns: the changes we make to whisper.cpp. The vendored tree in node_modules is never modified:
 * build-native.mjs copies it, applies these edits and builds the copy.
 *
 * 1. Cancel inside a graph. `whisper_full_params.abort_callback` never reaches the ggml graph
 *    compute in 1.9.1: the encoder and decoder run through the `ggml_backend_sched` overload of
 *    `ggml_graph_compute_helper`, which does not hand it to the backends, so the callback is only
 *    consulted after a whole encoder pass (~1.2 s for base on 2 cores, more on one thread) and not
 *    at all on the language auto-detect path (upstream issue ggml-org/whisper.cpp#3718). With the
 *    patch the CPU backend polls it between graph nodes, so a cancel lands within milliseconds.
 *
 * 2. no_speech_prob. 1.9.1 computes it from row 0 of `state->logits`, a row the decoder never
 *    wrote (only the last prompt position's logits are copied out), so the value is stale data
 *    from an earlier call (uniform 1/n_vocab on the first call) and `no_speech_thold` cannot
 *    work (upstream PRs ggml-org/whisper.cpp#3945, #4068, both open). The patch keeps the logits
 *    of the SOT position and reads them there, as OpenAI's reference does.
 *
 * 3. Logits only where asked. The decoder graph multiplies every position of the batch by the
 *    vocabulary (51865 × 4 bytes a position), and whisper.cpp reserves that for a whole context
 *    (448 positions): a 97 MB compute buffer for any model size, though the callers read the
 *    logits of one position (the prompt's last; here also SOT's, for no_speech_prob) or of one
 *    position per decoder. The patch selects the positions whose `batch.logits` flag is set
 *    (`ggml_get_rows`) before the vocabulary projection: the decode buffer shrinks to a few MB,
 *    the engine's memory with it by ≈ 90 MB, and the results are the same numbers.
 *
 * The edits are exact text replacements, each of which must match the expected number of
 * times, so a different whisper.cpp fails loudly instead of being half-patched.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Bump when the edits change: it is part of the build cache key. */
export const PATCH_ID = 'risalah-1.9.1-abort-nospeech-logits-3';

const EDITS = [
  {
    what: 'sched compute helper accepts and installs an abort callback',
    find: `static bool ggml_graph_compute_helper(
      ggml_backend_sched_t   sched,
        struct ggml_cgraph * graph,
                       int   n_threads,
                      bool   sched_reset = true) {
    for (int i = 0; i < ggml_backend_sched_get_n_backends(sched); ++i) {
        ggml_backend_t backend = ggml_backend_sched_get_backend(sched, i);
        ggml_backend_dev_t dev = ggml_backend_get_device(backend);
        ggml_backend_reg_t reg = dev ? ggml_backend_dev_backend_reg(dev) : nullptr;
`,
    replace: `static bool ggml_graph_compute_helper(
      ggml_backend_sched_t   sched,
        struct ggml_cgraph * graph,
                       int   n_threads,
                      bool   sched_reset = true,
       ggml_abort_callback   abort_callback = nullptr,
                      void * abort_callback_data = nullptr) {
    for (int i = 0; i < ggml_backend_sched_get_n_backends(sched); ++i) {
        ggml_backend_t backend = ggml_backend_sched_get_backend(sched, i);
        ggml_backend_dev_t dev = ggml_backend_get_device(backend);
        ggml_backend_reg_t reg = dev ? ggml_backend_dev_backend_reg(dev) : nullptr;

        // [risalah patch] let the backend poll the abort callback between graph nodes
        auto * fn_set_abort_callback = (ggml_backend_set_abort_callback_t) ggml_backend_reg_get_proc_address(reg, "ggml_backend_set_abort_callback");
        if (fn_set_abort_callback) {
            fn_set_abort_callback(backend, abort_callback, abort_callback_data);
        }
`,
    count: 1,
  },
  {
    what: 'encoder/decoder graphs pass the abort callback',
    find: `ggml_graph_compute_helper(sched, gf, n_threads))`,
    replace: `ggml_graph_compute_helper(sched, gf, n_threads, true, abort_callback, abort_callback_data))`,
    count: 4,
  },
  {
    what: 'whisper_state remembers the abort callback of the running whisper_full',
    find: `struct whisper_state {
    int64_t t_sample_us = 0;
`,
    replace: `struct whisper_state {
    // [risalah patch] abort callback of the whisper_full_with_state call in progress
    ggml_abort_callback abort_callback = nullptr;
    void * abort_callback_data = nullptr;

    int64_t t_sample_us = 0;
`,
    count: 1,
  },
  {
    what: 'encoder falls back to the state abort callback (language auto-detect path)',
    find: `    ggml_abort_callback   abort_callback,
                   void * abort_callback_data) {
    const int64_t t_start_us = ggml_time_us();

    // conv
`,
    replace: `    ggml_abort_callback   abort_callback,
                   void * abort_callback_data) {
    const int64_t t_start_us = ggml_time_us();

    // [risalah patch]
    if (abort_callback == nullptr) {
        abort_callback      = wstate.abort_callback;
        abort_callback_data = wstate.abort_callback_data;
    }

    // conv
`,
    count: 1,
  },
  {
    what: 'decoder falls back to the state abort callback (language auto-detect path)',
    find: `                   bool   save_alignment_heads_QKs,
    ggml_abort_callback   abort_callback,
                   void * abort_callback_data) {
    const int64_t t_start_us = ggml_time_us();
`,
    replace: `                   bool   save_alignment_heads_QKs,
    ggml_abort_callback   abort_callback,
                   void * abort_callback_data) {
    const int64_t t_start_us = ggml_time_us();

    // [risalah patch]
    if (abort_callback == nullptr) {
        abort_callback      = wstate.abort_callback;
        abort_callback_data = wstate.abort_callback_data;
    }
`,
    count: 1,
  },
  {
    what: 'whisper_full_with_state publishes the abort callback on the state for its duration',
    find: `int whisper_full_with_state(
        struct whisper_context * ctx,
          struct whisper_state * state,
    struct whisper_full_params   params,
                   const float * samples,
                           int   n_samples) {
    // clear old results
`,
    replace: `int whisper_full_with_state(
        struct whisper_context * ctx,
          struct whisper_state * state,
    struct whisper_full_params   params,
                   const float * samples,
                           int   n_samples) {
    // [risalah patch]
    struct risalah_abort_scope {
        whisper_state * s;
        ~risalah_abort_scope() { s->abort_callback = nullptr; s->abort_callback_data = nullptr; }
    } risalah_abort_scope_ { state };
    state->abort_callback      = params.abort_callback;
    state->abort_callback_data = params.abort_callback_user_data;

    // clear old results
`,
    count: 1,
  },
  {
    what: 'no_speech_prob is read from the logits of the SOT position',
    find: `                whisper_batch_prep_legacy(state->batch, prompt.data(), prompt.size(), 0, 0);

                if (!whisper_decode_internal(*ctx, *state, state->batch, params.n_threads, false, params.abort_callback, params.abort_callback_user_data)) {
                    WHISPER_LOG_ERROR("%s: failed to decode\\n", __func__);
                    return -8;
                }

                // Calculate no_speech probability after first decode.
                // This has to be done before any logit filtering. Hence we cannot use the probs from the whisper_process_logits.
                {
                    const int n_logits = ctx->vocab.id_to_token.size();
                    std::vector<float> logprobs(n_logits);
                    std::vector<float> probs(n_logits);

                    whisper_compute_logprobs(state->logits, n_logits, logprobs);
                    whisper_compute_probs(state->logits, n_logits, logprobs, probs);
                    state->no_speech_prob = probs[whisper_token_nosp(ctx)];
                }
`,
    replace: `                whisper_batch_prep_legacy(state->batch, prompt.data(), prompt.size(), 0, 0);

                // [risalah patch] keep the logits of the SOT position for no_speech_prob
                const int risalah_i_sot = (int) prompt.size() - (int) prompt_init.size();
                state->batch.logits[risalah_i_sot] = 1;

                if (!whisper_decode_internal(*ctx, *state, state->batch, params.n_threads, false, params.abort_callback, params.abort_callback_user_data)) {
                    WHISPER_LOG_ERROR("%s: failed to decode\\n", __func__);
                    return -8;
                }

                // Calculate no_speech probability after first decode.
                // This has to be done before any logit filtering. Hence we cannot use the probs from the whisper_process_logits.
                {
                    const int n_logits = ctx->vocab.id_to_token.size();
                    std::vector<float> logprobs(n_logits);
                    std::vector<float> probs(n_logits);

                    // [risalah patch] the SOT row, not row 0 (which the decoder did not write)
                    const std::vector<float> sot_logits(
                        state->logits.begin() + (size_t) risalah_i_sot*ctx->vocab.n_vocab,
                        state->logits.begin() + (size_t) risalah_i_sot*ctx->vocab.n_vocab + n_logits);

                    whisper_compute_logprobs(sot_logits, n_logits, logprobs);
                    whisper_compute_probs(sot_logits, n_logits, logprobs, probs);
                    state->no_speech_prob = probs[whisper_token_nosp(ctx)];
                }
`,
    count: 1,
  },
  {
    what: 'decoder graph: logits only for the flagged batch positions',
    find: `    // compute logits only for the last token
    // comment this line to compute logits for all n_tokens
    // might be useful in the future
    //cur = ggml_view_2d(ctx0, cur, cur->ne[0], 1, cur->nb[1], (cur->ne[1] - 1)*cur->nb[1]);

    struct ggml_tensor * logits = ggml_mul_mat(ctx0, model.d_te, cur);
`,
    replace: `    // [risalah patch] logits only for the positions whose batch.logits flag is set (the last one
    // when none is), in order: see risalah_out_ids in whisper_decode_internal
    {
        int risalah_n_out = 0;
        for (int i = 0; i < n_tokens; ++i) {
            if (batch.logits[i]) risalah_n_out++;
        }
        struct ggml_tensor * risalah_out_ids = ggml_new_tensor_1d(ctx0, GGML_TYPE_I32, risalah_n_out > 0 ? risalah_n_out : 1);
        ggml_set_name(risalah_out_ids, "risalah_out_ids");
        ggml_set_input(risalah_out_ids);
        cur = ggml_get_rows(ctx0, cur, risalah_out_ids);
    }

    struct ggml_tensor * logits = ggml_mul_mat(ctx0, model.d_te, cur);
`,
    count: 1,
  },
  {
    what: 'decode: fill the positions whose logits are computed',
    find: `        logits = ggml_graph_node(gf, -1);
`,
    replace: `        {
            // [risalah patch] the flagged positions, in order (the last one when none is)
            std::vector<int32_t> risalah_ids;
            for (int i = 0; i < n_tokens; ++i) {
                if (batch.logits[i]) risalah_ids.push_back(i);
            }
            if (risalah_ids.empty()) risalah_ids.push_back(n_tokens - 1);
            struct ggml_tensor * risalah_out_ids = ggml_graph_get_tensor(gf, "risalah_out_ids");
            ggml_backend_tensor_set(risalah_out_ids, risalah_ids.data(), 0, risalah_ids.size()*sizeof(int32_t));
        }

        logits = ggml_graph_node(gf, -1);
`,
    count: 1,
  },
  {
    what: 'decode: copy each computed row to its position',
    find: `    logits_out.resize(n_tokens*n_vocab);
    for (int i = 0; i < n_tokens; i++) {
        if (batch.logits[i] == 0) {
            continue;
        }
        ggml_backend_tensor_get(logits, logits_out.data() + (n_vocab*i), sizeof(float)*(n_vocab*i), sizeof(float)*n_vocab);
    }
`,
    replace: `    logits_out.resize(n_tokens*n_vocab);
    {
        // [risalah patch] row k of the logits tensor is the k-th flagged position
        int k = 0;
        for (int i = 0; i < n_tokens; i++) {
            if (batch.logits[i] == 0) {
                continue;
            }
            ggml_backend_tensor_get(logits, logits_out.data() + (n_vocab*i), sizeof(float)*(n_vocab*k), sizeof(float)*n_vocab);
            k++;
        }
        if (k == 0) {
            ggml_backend_tensor_get(logits, logits_out.data() + (n_vocab*(n_tokens - 1)), 0, sizeof(float)*n_vocab);
        }
    }
`,
    count: 1,
  },
];

function countOccurrences(haystack, needle) {
  let n = 0;
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + needle.length)) n++;
  return n;
}

/** Applies the edits to `<srcDir>/src/whisper.cpp` (a private copy). Throws if any edit does not fit. */
export async function applyWhisperPatches(srcDir) {
  const file = path.join(srcDir, 'src', 'whisper.cpp');
  let text = await readFile(file, 'utf8');
  for (const edit of EDITS) {
    const n = countOccurrences(text, edit.find);
    if (n !== edit.count) {
      throw new Error(
        `whisper.cpp patch "${edit.what}" expected ${edit.count} match(es) in src/whisper.cpp, found ${n}. ` +
          'The vendored whisper.cpp is not the 1.9.1 this patch was written for.',
      );
    }
    text = text.split(edit.find).join(edit.replace);
  }
  await writeFile(file, text);
}
