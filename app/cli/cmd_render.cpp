#include "cli_io.h"
#include "commands.h"
#include "common/error.h"
#include "template/loader.h"
#include "template/template.h"

#include <QFile>
#include <QFileInfo>

namespace trellis::cli {

namespace {

Result<nlohmann::ordered_json> readVars(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error(QStringLiteral("cannot read ") + path).inFile(path);
    auto doc = nlohmann::ordered_json::parse(file.readAll().toStdString(), nullptr, false);
    if (doc.is_discarded())
        return Error(QStringLiteral("invalid JSON")).inFile(path);
    if (!doc.is_object())
        return Error(QStringLiteral("variables must be a JSON object")).inFile(path);
    return doc;
}

} // namespace

int runRenderCommand(const CommandContext &context) {
    CommandLine cl(context, QStringLiteral("Render a Jinja2 template to stdout."));
    cl.addPositional(QStringLiteral("template"), QStringLiteral("Template file."),
                     QStringLiteral("TEMPLATE_FILE"));
    cl.addOption({QStringLiteral("vars"), QStringLiteral("JSON object with the variables."),
                  QStringLiteral("VARS.json")});
    cl.addOption({QStringLiteral("var"),
                  QStringLiteral("Set one variable (a string; repeatable, wins over --vars)."),
                  QStringLiteral("name=value")});
    cl.addOption({QStringLiteral("strict"), QStringLiteral("Undefined variables are errors.")});
    if (auto exit = cl.parse(1, 1))
        return *exit;

    const QString path = cl.positional().at(0);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return reportError(Error(QStringLiteral("cannot read template")).inFile(path));
    const QByteArray source = file.readAll();

    nlohmann::ordered_json vars = nlohmann::ordered_json::object();
    if (cl.isSet(QStringLiteral("vars"))) {
        auto loaded = readVars(cl.value(QStringLiteral("vars")));
        if (!loaded.ok())
            return reportError(loaded.error());
        vars = std::move(*loaded);
    }
    for (const QString &assignment : cl.values(QStringLiteral("var"))) {
        const qsizetype eq = assignment.indexOf(QLatin1Char('='));
        if (eq <= 0)
            return badInput(QStringLiteral("--var expects name=value, got: ") + assignment);
        vars[assignment.left(eq).toStdString()] = assignment.mid(eq + 1).toStdString();
    }

    auto tpl = tmpl::Template::parseUtf8(source.toStdString(), path);
    if (!tpl.ok())
        return reportError(tpl.error());
    tmpl::DirectoryLoader loader(QFileInfo(path).absolutePath());
    tmpl::RenderOptions options;
    options.strictUndefined = cl.isSet(QStringLiteral("strict"));
    options.loader = &loader;
    auto out = (*tpl)->renderUtf8(tmpl::Value::fromJson(vars), options);
    if (!out.ok()) {
        Error error = out.error();
        if (error.file.isEmpty())
            error.inFile(path);
        return reportError(error);
    }
    writeOut(QByteArray::fromStdString(*out));
    return ExitOk;
}

} // namespace trellis::cli
