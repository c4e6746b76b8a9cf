# Version diffs: Myers line diff, word-level changes inside edited lines, unified text, and a
# field-level diff of two PromptSpecs, and a node/edge diff of two workflow documents.
trellis_core_module(diff
    SOURCES
        diff/myers.cpp diff/myers.h
        diff/prompt_diff.cpp diff/prompt_diff.h
        diff/workflow_diff.cpp diff/workflow_diff.h
        diff/text_diff.cpp diff/text_diff.h
        diff/unified.cpp diff/unified.h
        diff/word_diff.cpp diff/word_diff.h
    DEPENDS trellis_core_prompt)
