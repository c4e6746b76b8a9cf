#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace trellis::tmpl {

class Value;
struct ListObject;
struct DictObject;
class CallableObject;

// A Python-like value as Jinja2 templates see it. Cheap to copy: scalars are inline, strings,
// lists and dicts are immutable and shared, so one converted context can be rendered by many
// threads at once. Dicts keep insertion order, like Python dicts.
class Value {
public:
    enum class Type : std::uint8_t {
        Undefined,
        None,
        Bool,
        Int,
        Float,
        String,
        List,
        Tuple,
        Dict,
        Namespace, // mutable attribute bag made by namespace()
        Callable,  // macros, loop.cycle, bound methods, globals like range
    };

    Value() = default;
    static Value none() { return Value(Type::None); }
    static Value undefined(std::string hint = {});
    explicit Value(bool b)
        : m_type(Type::Bool) {
        m_int = b ? 1 : 0;
    }
    explicit Value(std::int64_t i)
        : m_type(Type::Int) {
        m_int = i;
    }
    explicit Value(int i)
        : Value(std::int64_t(i)) {}
    explicit Value(double d)
        : m_type(Type::Float) {
        m_float = d;
    }
    explicit Value(std::string s);
    explicit Value(std::string_view s)
        : Value(std::string(s)) {}
    explicit Value(const char *s)
        : Value(std::string(s)) {}
    static Value markup(std::string s);
    static Value list(std::vector<Value> items);
    static Value tuple(std::vector<Value> items);
    static Value dict(std::shared_ptr<DictObject> dict);
    static Value namespaceObject(std::shared_ptr<DictObject> dict);
    static Value callable(std::shared_ptr<CallableObject> fn);

    // Conversions from JSON keep object key order as the document gives it.
    static Value fromJson(const nlohmann::ordered_json &json);
    static Value fromJson(const nlohmann::json &json);

    Type type() const { return m_type; }
    bool isUndefined() const { return m_type == Type::Undefined; }
    bool isNone() const { return m_type == Type::None; }
    bool isBool() const { return m_type == Type::Bool; }
    bool isInt() const { return m_type == Type::Int; }
    bool isFloat() const { return m_type == Type::Float; }
    bool isNumber() const { return m_type == Type::Int || m_type == Type::Float || isBool(); }
    bool isString() const { return m_type == Type::String; }
    bool isList() const { return m_type == Type::List; }
    bool isTuple() const { return m_type == Type::Tuple; }
    bool isSequence() const { return m_type == Type::List || m_type == Type::Tuple; }
    bool isDict() const { return m_type == Type::Dict; }
    bool isNamespace() const { return m_type == Type::Namespace; }
    bool isCallable() const { return m_type == Type::Callable; }
    bool isMarkup() const { return m_markup; }

    bool asBool() const { return m_int != 0; }
    std::int64_t asInt() const { return m_int; }
    double asFloat() const { return m_type == Type::Float ? m_float : double(m_int); }
    // Inline: it sits on every lookup and output path.
    const std::string &asString() const {
        if (m_type == Type::String && m_obj) [[likely]]
            return *static_cast<const std::string *>(m_obj.get());
        return emptyString();
    }
    static const std::string &emptyString();
    // Inline (defined below the object types): every lookup and loop goes through them.
    inline const std::vector<Value> &asList() const;
    inline const DictObject &asDict() const;
    DictObject &namespaceDict() const;
    const CallableObject &asCallable() const;
    // The name the undefined value was looked up under, for error messages.
    const std::string &undefinedHint() const;

    bool truthy() const;
    // Python str() as Jinja2 prints it, appended to `out`.
    void appendStr(std::string &out) const;
    std::string str() const;
    // Python repr(), used inside printed lists and dicts.
    void appendRepr(std::string &out) const;
    // Jinja2 type name used in error messages ("dict object", "str object", ...).
    std::string typeName() const;

    nlohmann::ordered_json toJson() const;

private:
    explicit Value(Type t)
        : m_type(t) {}

    Type m_type = Type::Undefined;
    bool m_markup = false;
    union {
        std::int64_t m_int = 0;
        double m_float;
    };
    std::shared_ptr<const void> m_obj;
};

// Name comparison for the lookup loops. Names and dict keys are short, so word compares
// inline beat a call to memcmp: two overlapping loads cover 4 to 8 bytes, 8-byte steps and an
// overlapping tail cover longer names. Identical views (a name compared with itself) return
// at once; a length check rejects most mismatches.
inline bool sameName(std::string_view a, std::string_view b) {
    const size_t n = a.size();
    if (n != b.size())
        return false;
    const char *p = a.data();
    const char *q = b.data();
    if (p == q)
        return true;
    auto load4 = [](const char *s) {
        std::uint32_t x;
        std::memcpy(&x, s, 4);
        return x;
    };
    auto load8 = [](const char *s) {
        std::uint64_t x;
        std::memcpy(&x, s, 8);
        return x;
    };
    if (n >= 8) {
        for (size_t i = 0; i + 8 < n; i += 8) {
            if (load8(p + i) != load8(q + i))
                return false;
        }
        return load8(p + n - 8) == load8(q + n - 8);
    }
    if (n >= 4)
        return load4(p) == load4(q) && load4(p + n - 4) == load4(q + n - 4);
    for (size_t i = 0; i < n; ++i) {
        if (p[i] != q[i])
            return false;
    }
    return true;
}

// Insertion-ordered dict. Keys are Values (JSON gives strings, templates may use ints).
struct DictObject {
    std::vector<std::pair<Value, Value>> items;

    const Value *find(std::string_view key) const {
        for (const auto &item : items) {
            if (item.first.isString() && sameName(item.first.asString(), key))
                return &item.second;
        }
        return nullptr;
    }
    const Value *find(const Value &key) const {
        return key.isString() ? find(std::string_view(key.asString())) : findNonString(key);
    }
    const Value *findNonString(const Value &key) const;
    void set(const Value &key, Value value);
};

struct ListObject {
    std::vector<Value> items;
};

// Empty objects that asList()/asDict() return for values of another type.
inline const ListObject kEmptyList{};
inline const DictObject kEmptyDict{};

const std::vector<Value> &Value::asList() const {
    if (!isSequence()) [[unlikely]]
        return kEmptyList.items;
    return static_cast<const ListObject *>(m_obj.get())->items;
}

const DictObject &Value::asDict() const {
    if (m_type != Type::Dict && m_type != Type::Namespace) [[unlikely]]
        return kEmptyDict;
    return *static_cast<const DictObject *>(m_obj.get());
}

// Equality and ordering as Python defines them for the types Jinja2 templates use.
bool valuesEqual(const Value &a, const Value &b);
// Returns <0, 0, >0; sets `ok` false when Python would raise TypeError.
int compareValues(const Value &a, const Value &b, bool &ok);

} // namespace trellis::tmpl
