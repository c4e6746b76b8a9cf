#pragma once

#include "common/error.h"
#include "prompt/prompt_spec.h"
#include "template/chat.h"
#include "variable_values.h"

#include <QObject>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QThread;

namespace trellis::ui {

struct PreviewResult {
    std::vector<tmpl::ChatMessage> messages;
    std::optional<Error> error; // the first message that failed to parse or render
};

// What a check needs: copies of the message texts (QString shares its data, so this is
// cheap), the declared variables and the values typed so far.
struct PromptCheckRequest {
    std::vector<tmpl::ChatMessageTemplate> messages;
    std::vector<prompt::Variable> declared;
    nlohmann::ordered_json context;
};

// Everything the prompt tab shows about its templates, computed in one pass.
struct PromptCheck {
    quint64 generation = 0;
    std::vector<std::optional<Error>> errors; // per message: its parse error, if any
    std::vector<VariableField> fields;        // discovered from the messages that parse
    nlohmann::ordered_json context;           // the values the preview was rendered with
    PreviewResult preview;
};

// The parses of the texts checked last, so a check after an edit of one message (or of the
// variable values only) parses only what changed. Used by one thread at a time.
struct PromptCheckCache {
    struct Entry {
        QString text;
        std::shared_ptr<const tmpl::Template> parsed; // null when the text does not parse
        std::optional<Error> error;
    };
    std::vector<Entry> entries; // per message index
};

// The pure part, for the worker and for tests: parses each message (reusing `cache` for
// texts that did not change), discovers the variables and renders the preview.
PromptCheck checkPrompt(const PromptCheckRequest &request, PromptCheckCache &cache);

// Checks a prompt on a worker thread so typing never waits for the template engine: the
// parse check, variable discovery and preview of a 2,000-line template take tens of
// milliseconds. Each request (or invalidate()) supersedes the ones before it: the worker
// skips requests that are already stale when it gets to them, and results of superseded
// requests are dropped here, so a result always describes the latest request.
class PromptChecker : public QObject {
    Q_OBJECT
public:
    explicit PromptChecker(QObject *parent = nullptr);
    ~PromptChecker() override;

    // Returns the generation number the result will carry.
    quint64 request(PromptCheckRequest request);
    // Marks pending work as stale without asking for more (the text changed again).
    void invalidate();
    quint64 latestGeneration() const { return m_latest->load(); }
    // True from a request until its result arrives or it is superseded.
    bool isPending() const { return m_pending; }

    // Where the worker's results land (on this object's thread): emitted as checked() only
    // while their generation is the latest. Public so tests can deliver out of order.
    void deliver(PromptCheck check);

    // Called on the worker before each job requested from now on; tests use it to hold a
    // check in flight.
    void setJobHook(std::function<void(quint64 generation)> hook);

Q_SIGNALS:
    void checked(const trellis::ui::PromptCheck &check);

private:
    QThread *m_thread = nullptr;
    QObject *m_worker = nullptr; // lives in m_thread
    std::shared_ptr<PromptCheckCache> m_cache;
    std::shared_ptr<std::atomic<quint64>> m_latest;
    std::function<void(quint64)> m_hook;
    bool m_pending = false;
};

} // namespace trellis::ui
