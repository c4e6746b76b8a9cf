#pragma once

// Decoding of one OpenAI Chat Completions stream chunk (internal to the providers module).

#include "wire_format.h"

namespace trellis::providers {

// Reads the chunk's few fields in place (wire::JsonCursor); chunks carrying an "error", and
// the rare ones the cursor declines (nesting too deep), go through openAiChunkDom.
DecodeError openAiChunk(const QByteArray &data, DecodeState &state, QString &delta);

// The same through a full nlohmann::json tree: the reference the fast path must equal
// (tests/fuzz/openai_chunk compares them).
DecodeError openAiChunkDom(const QByteArray &data, DecodeState &state, QString &delta);

// Shared with the non-streamed body: a finish reason (normalized, kept raw) and a "usage" object.
void openAiFinish(const QString &raw, DecodeState &state);
void openAiUsage(const nlohmann::json &usage, DecodeState &state);

} // namespace trellis::providers
