#include "workflow_json.h"

#include "prompt/document_checks.h"
#include "prompt/field_path.h"
#include "prompt/json_reader.h"
#include "prompt/source_map.h"

#include <QCryptographicHash>
#include <QRegularExpression>

#include <algorithm>

namespace trellis::workflow {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;
using prompt::fieldError;
using prompt::fieldIndex;
using prompt::fieldKey;

namespace {

constexpr std::size_t kMaxNodes = 5000;
constexpr std::size_t kMaxEdges = 20000;

QString qs(const std::string &s) {
    return QString::fromStdString(s);
}

Result<QString> stringField(const json &object, const QString &parent, const char *key,
                            bool required) {
    const QString field = fieldKey(parent, QLatin1String(key));
    if (!object.contains(key)) {
        if (required)
            return fieldError(field, QStringLiteral("missing '%1'").arg(QLatin1String(key)));
        return QString();
    }
    if (!object[key].is_string())
        return fieldError(field, QStringLiteral("'%1' must be a string").arg(QLatin1String(key)));
    return qs(object[key].get<std::string>());
}

Result<std::vector<Port>> readPorts(const json &list, const QString &field) {
    if (!list.is_array())
        return fieldError(field, QStringLiteral("ports must be a list"));
    std::vector<Port> out;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const QString f = fieldIndex(field, qsizetype(i));
        const json &p = list[i];
        if (!p.is_object())
            return fieldError(f, QStringLiteral("a port must be an object {name, type}"));
        if (Status s = prompt::checkKnownKeys(p, f, {"name", "type"}); !s)
            return s.error();
        auto name = stringField(p, f, "name", true);
        if (!name)
            return name.error();
        if (Status s = validateNodeId(*name); !s)
            return fieldError(fieldKey(f, QStringLiteral("name")), s.error().message);
        Port port{*name, PortType::Any};
        auto type = stringField(p, f, "type", false);
        if (!type)
            return type.error();
        if (!type->isEmpty()) {
            const auto t = parsePortType(*type);
            if (!t)
                return fieldError(fieldKey(f, QStringLiteral("type")),
                                  QStringLiteral("unknown port type '%1'").arg(*type));
            port.type = *t;
        }
        out.push_back(port);
    }
    return out;
}

Result<Node> readNode(const json &n, const QString &field) {
    if (!n.is_object())
        return fieldError(field, QStringLiteral("a node must be an object"));
    if (Status s = prompt::checkKnownKeys(
            n, field, {"id", "type", "title", "config", "inputs", "outputs", "position"});
        !s)
        return s.error();
    Node node;
    auto id = stringField(n, field, "id", true);
    if (!id)
        return id.error();
    if (Status s = validateNodeId(*id); !s)
        return fieldError(fieldKey(field, QStringLiteral("id")), s.error().message);
    node.id = *id;
    auto type = stringField(n, field, "type", true);
    if (!type)
        return type.error();
    const auto t = parseNodeType(*type);
    if (!t)
        return fieldError(fieldKey(field, QStringLiteral("type")),
                          QStringLiteral("node '%1': unknown type '%2' (known: %3)")
                              .arg(node.id, *type, nodeTypeNames().join(QStringLiteral(", "))));
    node.type = *t;
    auto title = stringField(n, field, "title", false);
    if (!title)
        return title.error();
    node.title = *title;
    if (n.contains("config")) {
        if (!n["config"].is_object())
            return fieldError(fieldKey(field, QStringLiteral("config")),
                              QStringLiteral("node '%1': config must be an object").arg(node.id));
        node.config = n["config"];
    }
    for (const char *key : {"inputs", "outputs"}) {
        const bool in = key[0] == 'i';
        if (!n.contains(key)) {
            if (in)
                node.inputs = defaultInputs(node.type);
            else
                node.outputs = defaultOutputs(node.type, node.config);
            continue;
        }
        auto ports = readPorts(n[key], fieldKey(field, QLatin1String(key)));
        if (!ports)
            return ports.error();
        (in ? node.inputs : node.outputs) = std::move(*ports);
    }
    if (n.contains("position")) {
        const json &p = n["position"];
        if (!p.is_array() || p.size() != 2 || !p[0].is_number() || !p[1].is_number())
            return fieldError(fieldKey(field, QStringLiteral("position")),
                              QStringLiteral("position must be [x, y]"));
        node.x = p[0].get<double>();
        node.y = p[1].get<double>();
    }
    return node;
}

Result<Endpoint> readEndpoint(const json &e, const QString &parent, const char *key) {
    auto text = stringField(e, parent, key, true);
    if (!text)
        return text.error();
    const qsizetype dot = text->indexOf(u'.');
    if (dot <= 0 || dot == text->size() - 1)
        return fieldError(fieldKey(parent, QLatin1String(key)),
                          QStringLiteral("'%1' must be \"node.port\"").arg(*text));
    return Endpoint{text->left(dot), text->mid(dot + 1)};
}

Result<Edge> readEdge(const json &e, const QString &field) {
    if (!e.is_object())
        return fieldError(field, QStringLiteral("an edge must be an object {id, from, to}"));
    if (Status s = prompt::checkKnownKeys(e, field, {"id", "from", "to"}); !s)
        return s.error();
    Edge edge;
    auto id = stringField(e, field, "id", true);
    if (!id)
        return id.error();
    if (Status s = validateNodeId(*id); !s)
        return fieldError(fieldKey(field, QStringLiteral("id")), s.error().message);
    edge.id = *id;
    auto from = readEndpoint(e, field, "from");
    if (!from)
        return from.error();
    auto to = readEndpoint(e, field, "to");
    if (!to)
        return to.error();
    edge.from = *from;
    edge.to = *to;
    return edge;
}

ojson portsJson(const std::vector<Port> &ports) {
    ojson out = ojson::array();
    for (const Port &p : ports)
        out.push_back(
            ojson{{"name", p.name.toStdString()}, {"type", portTypeName(p.type).toStdString()}});
    return out;
}

QString endpointText(const Endpoint &e) {
    return e.node + u'.' + e.port;
}

ojson canonical(const WorkflowGraph &graph, bool withPositions) {
    std::vector<const Node *> nodes;
    for (const Node &n : graph.nodes)
        nodes.push_back(&n);
    std::sort(nodes.begin(), nodes.end(),
              [](const Node *a, const Node *b) { return a->id < b->id; });
    std::vector<const Edge *> edges;
    for (const Edge &e : graph.edges)
        edges.push_back(&e);
    std::sort(edges.begin(), edges.end(),
              [](const Edge *a, const Edge *b) { return a->id < b->id; });
    ojson doc;
    doc["schemaVersion"] = kWorkflowSchemaVersion;
    doc["name"] = graph.name.toStdString();
    if (!graph.description.isEmpty())
        doc["description"] = graph.description.toStdString();
    ojson nodeList = ojson::array();
    for (const Node *n : nodes) {
        ojson o;
        o["id"] = n->id.toStdString();
        o["type"] = nodeTypeName(n->type).toStdString();
        if (!n->title.isEmpty())
            o["title"] = n->title.toStdString();
        o["inputs"] = portsJson(n->inputs);
        o["outputs"] = portsJson(n->outputs);
        o["config"] = ojson::parse(n->config.dump()); // nlohmann::json keeps keys sorted
        if (withPositions)
            o["position"] = ojson::array({n->x, n->y});
        nodeList.push_back(std::move(o));
    }
    doc["nodes"] = std::move(nodeList);
    ojson edgeList = ojson::array();
    for (const Edge *e : edges)
        edgeList.push_back(ojson{{"id", e->id.toStdString()},
                                 {"from", endpointText(e->from).toStdString()},
                                 {"to", endpointText(e->to).toStdString()}});
    doc["edges"] = std::move(edgeList);
    return doc;
}

} // namespace

Status validateNodeId(const QString &id) {
    static const QRegularExpression re(QStringLiteral("^[A-Za-z_][A-Za-z0-9_-]{0,63}$"));
    if (!re.match(id).hasMatch())
        return Error(QStringLiteral("'%1' is not a valid id (letters, digits, '_' and '-', "
                                    "starting with a letter or '_', at most 64)")
                         .arg(id.left(80)));
    return {};
}

Result<WorkflowGraph> fromJson(const json &doc) {
    if (!doc.is_object())
        return Error(QStringLiteral("a workflow document must be a JSON object"));
    if (Status s = prompt::checkKnownKeys(
            doc, {}, {"schemaVersion", "name", "description", "nodes", "edges"});
        !s)
        return s.error();
    const QString versionField = QStringLiteral("schemaVersion");
    if (!doc.contains("schemaVersion"))
        return fieldError(versionField, QStringLiteral("missing 'schemaVersion'"));
    if (!doc["schemaVersion"].is_number_integer())
        return fieldError(versionField, QStringLiteral("'schemaVersion' must be an integer"));
    const auto version = doc["schemaVersion"].get<std::int64_t>();
    if (version != kWorkflowSchemaVersion)
        return fieldError(versionField, QStringLiteral("unsupported schemaVersion %1 (this build "
                                                       "reads version %2)")
                                            .arg(version)
                                            .arg(kWorkflowSchemaVersion));
    WorkflowGraph g;
    auto name = stringField(doc, {}, "name", false);
    if (!name)
        return name.error();
    g.name = *name;
    auto description = stringField(doc, {}, "description", false);
    if (!description)
        return description.error();
    g.description = *description;
    for (const char *key : {"nodes", "edges"}) {
        const QString field = QLatin1String(key);
        if (!doc.contains(key))
            continue;
        const json &list = doc[key];
        if (!list.is_array())
            return fieldError(field, QStringLiteral("'%1' must be a list").arg(field));
        const bool nodes = key[0] == 'n';
        if (list.size() > (nodes ? kMaxNodes : kMaxEdges))
            return fieldError(field,
                              QStringLiteral("too many %1 (%2)").arg(field).arg(list.size()));
        for (std::size_t i = 0; i < list.size(); ++i) {
            const QString f = fieldIndex(field, qsizetype(i));
            if (nodes) {
                auto n = readNode(list[i], f);
                if (!n)
                    return n.error();
                g.nodes.push_back(std::move(*n));
            } else {
                auto e = readEdge(list[i], f);
                if (!e)
                    return e.error();
                g.edges.push_back(std::move(*e));
            }
        }
    }
    return g;
}

Status checkGraph(const WorkflowGraph &graph) {
    const std::vector<Error> errors = validateGraph(graph);
    if (errors.empty())
        return {};
    QStringList lines;
    for (const Error &e : errors)
        lines << e.message;
    Error first = errors.front();
    first.message = lines.join(u'\n');
    return first;
}

Result<WorkflowGraph> readWorkflow(const QByteArray &text, const QString &fileName) {
    prompt::SourceMap map;
    auto doc = prompt::parseJsonDocument(text, &map);
    if (!doc) {
        Error e = doc.error();
        return e.inFile(fileName);
    }
    auto graph = fromJson(*doc);
    if (!graph) {
        Error e = graph.error();
        map.placeError(&e, e.message.startsWith(QStringLiteral("unknown key")));
        return e.inFile(fileName);
    }
    const std::vector<Error> errors = validateGraph(*graph);
    if (!errors.empty()) {
        // The first problem carries the place; the others follow, each with its own.
        Error first = errors.front();
        map.placeError(&first);
        QStringList lines{first.message};
        for (std::size_t i = 1; i < errors.size(); ++i) {
            Error e = errors[i];
            map.placeError(&e);
            lines << e.toString();
        }
        first.message = lines.join(u'\n');
        return first.inFile(fileName);
    }
    return graph;
}

ojson toJson(const WorkflowGraph &graph) {
    return canonical(graph, true);
}

QByteArray writeWorkflow(const WorkflowGraph &graph) {
    return QByteArray::fromStdString(toJson(graph).dump(2)) + '\n';
}

QString contentHash(const WorkflowGraph &graph) {
    const std::string text = canonical(graph, false).dump();
    return QString::fromLatin1(
        QCryptographicHash::hash(QByteArrayView(text.data(), qsizetype(text.size())),
                                 QCryptographicHash::Sha256)
            .toHex());
}

} // namespace trellis::workflow
