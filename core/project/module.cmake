# The workspace the executables open: the store plus the bundled example project, which is
# compiled in as Qt resources (resources/example) and seeded on first run.
trellis_core_module(project
    SOURCES
        project/workspace.cpp project/workspace.h
        project/example_seeder.cpp project/example_seeder.h
    DEPENDS trellis_core_store trellis_core_prompt trellis_core_workflow)

file(GLOB_RECURSE example_files CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/resources/example/*)
qt_add_resources(trellis_core_project example_project
    PREFIX /trellis/example
    BASE ${PROJECT_SOURCE_DIR}/resources/example
    FILES ${example_files})
