# LLM providers: one request/stream interface over OpenAI-compatible, Anthropic, Gemini and
# Ollama endpoints plus the dry run; SSE/NDJSON parsers; the model catalog; API key storage.
find_package(Qt6 6.4 REQUIRED COMPONENTS Network)
find_package(Qt6Keychain REQUIRED) # qt6keychain: Core + DBus only, no GUI (checked with ldd)

trellis_core_module(providers
    SOURCES
        providers/anthropic_wire.cpp
        providers/error_classify.cpp providers/error_classify.h
        providers/gemini_wire.cpp
        providers/http_provider.cpp providers/http_provider.h
        providers/ndjson_parser.cpp providers/ndjson_parser.h
        providers/network_access.cpp providers/network_access.h
        providers/ollama_wire.cpp
        providers/openai_wire.cpp
        providers/provider.cpp providers/provider.h
        providers/provider_types.cpp providers/provider_types.h
        providers/redaction.cpp providers/redaction.h
        providers/sse_parser.cpp providers/sse_parser.h
        providers/stream_decoder.cpp providers/stream_decoder.h
        providers/wire_format.h
        providers/wire_util.cpp providers/wire_util.h
    DEPENDS trellis_core_common Qt6::Network nlohmann_json::nlohmann_json qt6keychain)
