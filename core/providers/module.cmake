# LLM providers: one request/stream interface over OpenAI-compatible, Anthropic, Gemini and
# Ollama endpoints plus the dry run; SSE/NDJSON parsers; the model catalog; API key storage.
find_package(Qt6 6.4 REQUIRED COMPONENTS Network)
find_package(Qt6Keychain REQUIRED) # qt6keychain: Core + DBus only, no GUI (checked with ldd)

trellis_core_module(providers
    SOURCES
        providers/anthropic_wire.cpp
        providers/dryrun_provider.cpp providers/dryrun_provider.h
        providers/error_classify.cpp providers/error_classify.h
        providers/gemini_wire.cpp
        providers/http_exchange.cpp providers/http_exchange.h
        providers/http_provider.cpp providers/http_provider.h
        providers/json_cursor.cpp providers/json_cursor.h
        providers/key_store.cpp providers/key_store.h
        providers/model_catalog.cpp providers/model_catalog.h
        providers/ndjson_parser.cpp providers/ndjson_parser.h
        providers/network_access.cpp providers/network_access.h
        providers/ollama_wire.cpp
        providers/openai_chunk.cpp providers/openai_chunk.h
        providers/openai_wire.cpp
        providers/provider.cpp providers/provider.h
        providers/provider_registry.cpp providers/provider_registry.h
        providers/provider_types.cpp providers/provider_types.h
        providers/proxy_factory.cpp providers/proxy_factory.h
        providers/redaction.cpp providers/redaction.h
        providers/schema_sampler.cpp providers/schema_sampler.h
        providers/sse_parser.cpp providers/sse_parser.h
        providers/stream_decoder.cpp providers/stream_decoder.h
        providers/wire_format.h
        providers/wire_util.cpp providers/wire_util.h
    DEPENDS trellis_core_common Qt6::Network nlohmann_json::nlohmann_json qt6keychain)
qt_add_resources(trellis_core_providers "provider_catalog"
    PREFIX "/trellis/providers"
    BASE providers
    FILES providers/model_catalog.json)
