#pragma once

#include "store/store_types.h"

#include <QWidget>

#include <vector>

class QLabel;
class QSplitter;
class QTextBrowser;
class QTreeWidget;

namespace trellis::ui {

// A prompt tab: the selected version (messages by role, model, parameters, variables, output
// schema) beside the version history. Selecting two versions shows what changed between them.
class PromptView : public QWidget {
    Q_OBJECT
public:
    explicit PromptView(QWidget *parent = nullptr);

    void setHistory(std::vector<store::PromptVersion> versions);
    QString promptName() const { return m_name; }
    int selectedVersion() const;

private:
    void showSelection();
    void showVersion(const store::PromptVersion &version);
    void showComparison(const store::PromptVersion &older, const store::PromptVersion &newer);
    const store::PromptVersion *versionByNumber(int number) const;

    QString m_name;
    std::vector<store::PromptVersion> m_versions; // newest first
    QLabel *m_title = nullptr;
    QTextBrowser *m_content = nullptr;
    QTreeWidget *m_history = nullptr;
};

} // namespace trellis::ui
