#include "template/value.h"

#include "template/callable.h"
#include "template/py_text.h"

#include <charconv>
#include <cmath>

namespace trellis::tmpl {

namespace {

template <typename Json>
Value convertJson(const Json &json) {
    switch (json.type()) {
    case nlohmann::json::value_t::null:
    case nlohmann::json::value_t::discarded:
        return Value::none();
    case nlohmann::json::value_t::boolean:
        return Value(json.template get<bool>());
    case nlohmann::json::value_t::number_integer:
        return Value(json.template get<std::int64_t>());
    case nlohmann::json::value_t::number_unsigned: {
        const auto u = json.template get<std::uint64_t>();
        if (u > std::uint64_t(INT64_MAX))
            return Value(double(u));
        return Value(std::int64_t(u));
    }
    case nlohmann::json::value_t::number_float:
        return Value(json.template get<double>());
    case nlohmann::json::value_t::string:
        return Value(json.template get_ref<const std::string &>());
    case nlohmann::json::value_t::binary:
        return Value::none();
    case nlohmann::json::value_t::array: {
        std::vector<Value> items;
        items.reserve(json.size());
        for (const auto &item : json)
            items.push_back(convertJson(item));
        return Value::list(std::move(items));
    }
    case nlohmann::json::value_t::object: {
        auto dict = std::make_shared<DictObject>();
        dict->items.reserve(json.size());
        for (auto it = json.begin(); it != json.end(); ++it)
            dict->items.emplace_back(Value(it.key()), convertJson(it.value()));
        return Value::dict(std::move(dict));
    }
    }
    return Value::none();
}

// Appends the decimal form of `i` without a temporary string (loop.index, counts).
void appendInt(std::string &out, std::int64_t i) {
    char buf[24];
    const auto res = std::to_chars(buf, buf + sizeof buf, i);
    out.append(buf, res.ptr);
}

} // namespace

Value::Value(std::string s)
    : m_type(Type::String)
    , m_obj(std::make_shared<const std::string>(std::move(s))) {}

Value Value::undefined(std::string hint) {
    Value v;
    if (!hint.empty())
        v.m_obj = std::make_shared<const std::string>(std::move(hint));
    return v;
}

Value Value::markup(std::string s) {
    Value v(std::move(s));
    v.m_markup = true;
    return v;
}

Value Value::list(std::vector<Value> items) {
    Value v(Type::List);
    v.m_obj = std::make_shared<const ListObject>(ListObject{std::move(items)});
    return v;
}

Value Value::tuple(std::vector<Value> items) {
    Value v = list(std::move(items));
    v.m_type = Type::Tuple;
    return v;
}

Value Value::dict(std::shared_ptr<DictObject> dict) {
    Value v(Type::Dict);
    v.m_obj = std::move(dict);
    return v;
}

Value Value::namespaceObject(std::shared_ptr<DictObject> dict) {
    Value v(Type::Namespace);
    v.m_obj = std::move(dict);
    return v;
}

Value Value::callable(std::shared_ptr<CallableObject> fn) {
    Value v(Type::Callable);
    v.m_obj = std::move(fn);
    return v;
}

Value Value::fromJson(const nlohmann::ordered_json &json) {
    return convertJson(json);
}

Value Value::fromJson(const nlohmann::json &json) {
    return convertJson(json);
}

const std::string &Value::emptyString() {
    static const std::string empty;
    return empty;
}

DictObject &Value::namespaceDict() const {
    // Namespaces are the one mutable value: they are created per render and never shared.
    return *const_cast<DictObject *>(static_cast<const DictObject *>(m_obj.get()));
}

const CallableObject &Value::asCallable() const {
    return *static_cast<const CallableObject *>(m_obj.get());
}

const std::string &Value::undefinedHint() const {
    if (m_type != Type::Undefined || !m_obj)
        return emptyString();
    return *static_cast<const std::string *>(m_obj.get());
}

bool Value::truthy() const {
    switch (m_type) {
    case Type::Undefined:
    case Type::None:
        return false;
    case Type::Bool:
    case Type::Int:
        return m_int != 0;
    case Type::Float:
        return m_float != 0.0;
    case Type::String:
        return !asString().empty();
    case Type::List:
    case Type::Tuple:
        return !asList().empty();
    case Type::Dict:
        return !asDict().items.empty();
    case Type::Namespace:
    case Type::Callable:
        return true;
    }
    return false;
}

void Value::appendStr(std::string &out) const {
    switch (m_type) {
    case Type::Undefined:
        return;
    case Type::String:
        out += asString();
        return;
    case Type::Int:
        appendInt(out, m_int);
        return;
    default:
        appendRepr(out);
    }
}

std::string Value::str() const {
    std::string out;
    appendStr(out);
    return out;
}

void Value::appendRepr(std::string &out) const {
    switch (m_type) {
    case Type::Undefined:
        return;
    case Type::None:
        out += "None";
        return;
    case Type::Bool:
        out += m_int ? "True" : "False";
        return;
    case Type::Int:
        appendInt(out, m_int);
        return;
    case Type::Float:
        py::appendFloat(out, m_float);
        return;
    case Type::String:
        if (m_markup) {
            out += "Markup(";
            py::appendStrRepr(out, asString());
            out += ")";
        } else {
            py::appendStrRepr(out, asString());
        }
        return;
    case Type::List:
    case Type::Tuple: {
        const auto &items = asList();
        out.push_back(m_type == Type::List ? '[' : '(');
        for (size_t i = 0; i < items.size(); ++i) {
            if (i)
                out += ", ";
            items[i].appendRepr(out);
        }
        if (m_type == Type::Tuple && items.size() == 1)
            out.push_back(',');
        out.push_back(m_type == Type::List ? ']' : ')');
        return;
    }
    case Type::Dict: {
        out.push_back('{');
        bool first = true;
        for (const auto &[k, v] : asDict().items) {
            if (!first)
                out += ", ";
            first = false;
            k.appendRepr(out);
            out += ": ";
            v.appendRepr(out);
        }
        out.push_back('}');
        return;
    }
    case Type::Namespace: {
        out += "<Namespace {";
        bool first = true;
        for (const auto &[k, v] : asDict().items) {
            if (!first)
                out += ", ";
            first = false;
            k.appendRepr(out);
            out += ": ";
            v.appendRepr(out);
        }
        out += "}>";
        return;
    }
    case Type::Callable:
        out += "<function ";
        out += asCallable().name();
        out += ">";
        return;
    }
}

std::string Value::typeName() const {
    switch (m_type) {
    case Type::Undefined:
        return "Undefined";
    case Type::None:
        return "NoneType object";
    case Type::Bool:
        return "bool object";
    case Type::Int:
        return "int object";
    case Type::Float:
        return "float object";
    case Type::String:
        return "str object";
    case Type::List:
        return "list object";
    case Type::Tuple:
        return "tuple object";
    case Type::Dict:
        return "dict object";
    case Type::Namespace:
        return "Namespace object";
    case Type::Callable:
        return "function object";
    }
    return "object";
}

nlohmann::ordered_json Value::toJson() const {
    switch (m_type) {
    case Type::Undefined:
    case Type::None:
    case Type::Callable:
        return nullptr;
    case Type::Bool:
        return asBool();
    case Type::Int:
        return m_int;
    case Type::Float:
        return m_float;
    case Type::String:
        return asString();
    case Type::List:
    case Type::Tuple: {
        auto arr = nlohmann::ordered_json::array();
        for (const auto &item : asList())
            arr.push_back(item.toJson());
        return arr;
    }
    case Type::Dict:
    case Type::Namespace: {
        auto obj = nlohmann::ordered_json::object();
        for (const auto &[k, v] : asDict().items)
            obj[k.str()] = v.toJson();
        return obj;
    }
    }
    return nullptr;
}

const Value *DictObject::findNonString(const Value &key) const {
    for (const auto &item : items) {
        if (valuesEqual(item.first, key))
            return &item.second;
    }
    return nullptr;
}

void DictObject::set(const Value &key, Value value) {
    for (auto &item : items) {
        if (valuesEqual(item.first, key)) {
            item.second = std::move(value);
            return;
        }
    }
    items.emplace_back(key, std::move(value));
}

bool valuesEqual(const Value &a, const Value &b) {
    if (a.isNumber() && b.isNumber()) {
        if (a.isFloat() || b.isFloat())
            return a.asFloat() == b.asFloat();
        return a.asInt() == b.asInt();
    }
    if (a.type() != b.type()) {
        if (a.isSequence() || b.isSequence())
            return false;
        return false;
    }
    switch (a.type()) {
    case Value::Type::Undefined:
    case Value::Type::None:
        return true;
    case Value::Type::String:
        return a.asString() == b.asString();
    case Value::Type::List:
    case Value::Type::Tuple: {
        const auto &x = a.asList();
        const auto &y = b.asList();
        if (x.size() != y.size())
            return false;
        for (size_t i = 0; i < x.size(); ++i) {
            if (!valuesEqual(x[i], y[i]))
                return false;
        }
        return true;
    }
    case Value::Type::Dict: {
        const auto &x = a.asDict().items;
        const auto &y = b.asDict();
        if (x.size() != y.items.size())
            return false;
        for (const auto &[k, v] : x) {
            const Value *other = y.find(k);
            if (!other || !valuesEqual(v, *other))
                return false;
        }
        return true;
    }
    case Value::Type::Namespace:
    case Value::Type::Callable:
        return &a.asDict() == &b.asDict();
    default:
        return false;
    }
}

int compareValues(const Value &a, const Value &b, bool &ok) {
    ok = true;
    if (a.isNumber() && b.isNumber()) {
        if (a.isFloat() || b.isFloat()) {
            const double x = a.asFloat();
            const double y = b.asFloat();
            return x < y ? -1 : (x > y ? 1 : 0);
        }
        return a.asInt() < b.asInt() ? -1 : (a.asInt() > b.asInt() ? 1 : 0);
    }
    if (a.isString() && b.isString())
        return a.asString().compare(b.asString()) < 0 ? -1 : (a.asString() == b.asString() ? 0 : 1);
    if (a.type() == b.type() && a.isSequence()) {
        const auto &x = a.asList();
        const auto &y = b.asList();
        for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
            if (valuesEqual(x[i], y[i]))
                continue;
            return compareValues(x[i], y[i], ok);
        }
        return x.size() < y.size() ? -1 : (x.size() > y.size() ? 1 : 0);
    }
    ok = false;
    return 0;
}

} // namespace trellis::tmpl
