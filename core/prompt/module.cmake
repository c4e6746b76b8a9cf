# The prompt model (PromptSpec), its JSON form and content hash, and the YAML/JSON prompt files.
trellis_core_module(prompt
    SOURCES
        prompt/field_path.cpp prompt/field_path.h
        prompt/prompt_json.cpp prompt/prompt_json.h
        prompt/prompt_spec.cpp prompt/prompt_spec.h
    DEPENDS trellis_core_common nlohmann_json::nlohmann_json yaml-cpp)
