// Renders each realistic prompt template in bench/template/data N times and prints
// "name renders_per_CPU_second" lines. run.sh compares them with Python Jinja2, which counts
// process CPU time too: on a shared machine wall time mostly measures the scheduler.
#include "template/template.h"

#include <QDir>
#include <QFile>

#include <cstdio>
#include <ctime>

using namespace trellis::tmpl;

namespace {

double cpuSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

} // namespace

int main(int argc, char **argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: bench_template DATA_DIR ITERATIONS [NAME_SUBSTRING]\n");
        return 2;
    }
    const QString dir = QString::fromLocal8Bit(argv[1]);
    const long iterations = std::atol(argv[2]);
    // Optional filter, so a profiler run covers one template only.
    const QString only = argc > 3 ? QString::fromLocal8Bit(argv[3]) : QString();
    const QStringList files =
        QDir(dir).entryList({QStringLiteral("*.j2")}, QDir::Files, QDir::Name);
    for (const QString &file : files) {
        if (!only.isEmpty() && !file.contains(only))
            continue;
        QFile tf(dir + QLatin1Char('/') + file);
        QFile df(dir + QLatin1Char('/') + file.chopped(3) + QStringLiteral(".json"));
        if (!tf.open(QIODevice::ReadOnly) || !df.open(QIODevice::ReadOnly))
            return 1;
        auto tpl = Template::parseUtf8(tf.readAll().toStdString(), file);
        if (!tpl.ok()) {
            std::fprintf(stderr, "%s\n", qPrintable(tpl.error().toString()));
            return 1;
        }
        // Like Jinja2's render(**data): the context is built once, rendering is measured.
        const Value context =
            Value::fromJson(nlohmann::ordered_json::parse(df.readAll().toStdString()));
        size_t bytes = 0;
        const double start = cpuSeconds();
        for (long i = 0; i < iterations; ++i) {
            auto out = (*tpl)->renderUtf8(context);
            if (!out.ok()) {
                std::fprintf(stderr, "%s\n", qPrintable(out.error().toString()));
                return 1;
            }
            bytes += out->size();
        }
        const double seconds = cpuSeconds() - start;
        std::printf("%s %.1f %zu\n", qPrintable(file.chopped(3)), double(iterations) / seconds,
                    bytes / size_t(iterations));
    }
    return 0;
}
