# The evaluation engine: datasets (CSV/JSONL/JSON/YAML snapshots in the store), assertions
# with an LLM-judge interface, per-variant statistics and paired A/B tests, human feedback.
# See docs/datasets-and-assertions.md.
trellis_core_module(eval
    SOURCES
        eval/csv_reader.cpp eval/csv_reader.h
        eval/dataset.cpp eval/dataset.h
        eval/dataset_readers.cpp
        eval/promptfoo_csv.cpp eval/promptfoo_csv.h
        eval/dataset_repository.cpp eval/dataset_repository.h
        eval/cell_output.h
        eval/assertion.cpp eval/assertion.h
        eval/assertion_check.cpp eval/assertion_check.h
        eval/grader.cpp eval/grader.h
        eval/judge.cpp eval/judge.h
        eval/json_extract.cpp eval/json_extract.h
        eval/simple_template.cpp eval/simple_template.h
        eval/text_metrics.cpp eval/text_metrics.h
        eval/binomial.cpp eval/binomial.h
        eval/statistics.cpp eval/statistics.h
        eval/ab_compare.cpp eval/ab_compare.h
        eval/feedback_repository.cpp eval/feedback_repository.h
        eval/experiment_spec.cpp eval/experiment_spec.h
        eval/promptfoo_config.cpp eval/promptfoo_config.h
        eval/promptfoo_context.cpp eval/promptfoo_context.h
        eval/promptfoo_prompts.cpp eval/promptfoo_providers.cpp
        eval/promptfoo_tests.cpp eval/promptfoo_asserts.cpp
        eval/experiment_repository.cpp eval/experiment_repository.h
        eval/experiment_matrix.cpp eval/experiment_matrix.h
        eval/variant_runner.h
        eval/prompt_variant_runner.cpp eval/prompt_variant_runner.h
        eval/workflow_variant_runner.cpp eval/workflow_variant_runner.h
        eval/pipeline_judge.cpp eval/pipeline_judge.h
        eval/experiment_runner.cpp eval/experiment_runner.h
        eval/experiment_results.cpp eval/experiment_results.h
        eval/experiment_report.cpp eval/experiment_report.h
    DEPENDS trellis_core_common trellis_core_store trellis_core_schema trellis_core_prompt
        trellis_core_template trellis_core_runtime trellis_core_workflow
        nlohmann_json::nlohmann_json yaml-cpp)
