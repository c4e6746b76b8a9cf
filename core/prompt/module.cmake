# The prompt model (PromptSpec), its JSON form and content hash, and the YAML/JSON prompt files.
trellis_core_module(prompt
    SOURCES
        prompt/document_checks.cpp prompt/document_checks.h
        prompt/field_path.cpp prompt/field_path.h
        prompt/json_reader.cpp prompt/json_reader.h
        prompt/prompt_file.cpp prompt/prompt_file.h
        prompt/prompt_json.cpp prompt/prompt_json.h
        prompt/prompt_spec.cpp prompt/prompt_spec.h
        prompt/source_map.cpp prompt/source_map.h
        prompt/yaml_reader.cpp prompt/yaml_reader.h
        prompt/yaml_writer.cpp prompt/yaml_writer.h
    DEPENDS trellis_core_common nlohmann_json::nlohmann_json yaml-cpp)
