# JSON Schema draft 2020-12 validator: compile once, validate many times (docs/json-schema.md).
trellis_core_module(schema
    SOURCES
        schema/ecma_regex.cpp schema/ecma_regex.h
        schema/json_pointer.cpp schema/json_pointer.h
        schema/json_schema.cpp schema/json_schema.h
        schema/json_value.cpp schema/json_value.h
        schema/metaschemas.cpp schema/metaschemas.h
        schema/schema_compiler.cpp schema/schema_compiler_keywords.cpp schema/schema_compiler.h
        schema/schema_evaluator.cpp schema/schema_evaluator_checks.cpp schema/schema_evaluator.h
        schema/schema_keywords.cpp schema/schema_keywords.h
        schema/schema_node.h
        schema/uri.cpp schema/uri.h
    DEPENDS trellis_core_common nlohmann_json::nlohmann_json)
