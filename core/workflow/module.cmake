# Workflows (DESIGN.md): the graph model and its JSON format, node configs, and the executor
# that runs a graph through the runtime pipeline.
trellis_core_module(workflow
    SOURCES
        workflow/executor.cpp workflow/executor.h workflow/executor_repair.cpp
        workflow/expression.cpp workflow/expression.h
        workflow/node_branch.cpp workflow/node_map.cpp workflow/node_memory.cpp
        workflow/node_prompt.cpp workflow/node_runner.h workflow/node_transform.cpp
        workflow/node_util.cpp workflow/node_util.h workflow/node_validate.cpp
        workflow/resolvers.cpp workflow/resolvers.h
        workflow/run_recorder.cpp workflow/run_recorder.h workflow/run_types.h
        workflow/store_run_recorder.cpp workflow/store_run_recorder.h
        workflow/node_config.cpp workflow/node_config.h
        workflow/workflow_check.cpp
        workflow/workflow_graph.cpp workflow/workflow_graph.h
        workflow/workflow_json.cpp workflow/workflow_json.h
        workflow/workflow_model.cpp workflow/workflow_model.h
    DEPENDS trellis_core_common trellis_core_prompt trellis_core_template trellis_core_schema
        trellis_core_store trellis_core_runtime)
