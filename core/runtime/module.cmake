# The request pipeline (DESIGN.md): sanitization, rendering, routing, budgets, response cache
# with coalescing, rate limiting, retries, fallbacks, output validation and run recording.
trellis_core_module(runtime
    SOURCES
        runtime/budget.cpp runtime/budget.h
        runtime/output_validation.cpp runtime/output_validation.h
        runtime/pipeline.cpp runtime/pipeline.h
        runtime/rate_limiter.cpp runtime/rate_limiter.h
        runtime/response_cache.cpp runtime/response_cache.h
        runtime/retry_policy.cpp runtime/retry_policy.h
        runtime/router.cpp runtime/router.h
        runtime/run_finish.cpp
        runtime/run_handle.cpp
        runtime/run_types.cpp runtime/run_types.h
        runtime/run_writer.cpp runtime/run_writer.h
        runtime/runtime_environment.cpp runtime/runtime_environment.h
        runtime/runtime_settings.cpp runtime/runtime_settings.h
        runtime/sanitizer.cpp runtime/sanitizer.h
        runtime/token_bucket.cpp runtime/token_bucket.h
    DEPENDS trellis_core_common trellis_core_providers trellis_core_template trellis_core_store
        trellis_core_schema)
