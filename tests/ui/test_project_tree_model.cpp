#include "project_tree_model.h"

#include <QAbstractItemModelTester>
#include <QSortFilterProxyModel>
#include <QTest>

using trellis::ui::ProjectTreeModel;

namespace {

trellis::store::PromptSummary summary(const QString &name, int head, QStringList labels = {}) {
    trellis::store::PromptSummary s;
    s.name = name;
    s.headNumber = head;
    s.versionCount = head;
    s.labels = std::move(labels);
    return s;
}

} // namespace

class TestProjectTreeModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void passesTheModelTester() {
        ProjectTreeModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPrompts({summary(QStringLiteral("a"), 1), summary(QStringLiteral("b"), 3)});
        model.setPrompts({});
        model.setPrompts({summary(QStringLiteral("c"), 2, {QStringLiteral("production")})});

        QSortFilterProxyModel proxy;
        proxy.setRecursiveFilteringEnabled(true);
        proxy.setSourceModel(&model);
        QAbstractItemModelTester proxyTester(
            &proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.setFilterFixedString(QStringLiteral("c"));
        proxy.setFilterFixedString(QString());
    }

    void categoriesAndPrompts() {
        ProjectTreeModel model;
        model.setPrompts({summary(QStringLiteral("triage"), 3, {QStringLiteral("production")}),
                          summary(QStringLiteral("summarizer"), 1)});
        QCOMPARE(model.rowCount(), int(ProjectTreeModel::CategoryCount));
        const QModelIndex prompts = model.index(ProjectTreeModel::Prompts, 0);
        QCOMPARE(prompts.data().toString(), QStringLiteral("Prompts"));
        QCOMPARE(model.rowCount(prompts), 2);
        QCOMPARE(model.rowCount(model.index(ProjectTreeModel::Workflows, 0)), 0);

        const QModelIndex triage = model.index(0, 0, prompts);
        QCOMPARE(triage.data().toString(), QStringLiteral("triage"));
        QCOMPARE(triage.parent(), prompts);
        QCOMPARE(triage.data(ProjectTreeModel::HeadVersionRole).toInt(), 3);
        QCOMPARE(triage.data(ProjectTreeModel::LabelsRole).toStringList(),
                 QStringList{QStringLiteral("production")});
        QCOMPARE(model.indexOfPrompt(QStringLiteral("summarizer")).row(), 1);
        QVERIFY(!model.indexOfPrompt(QStringLiteral("missing")).isValid());
    }

    void filterKeepsMatchingPromptsAndTheirCategory() {
        ProjectTreeModel model;
        model.setPrompts({summary(QStringLiteral("support-ticket-triage"), 3),
                          summary(QStringLiteral("summarizer"), 2)});
        QSortFilterProxyModel proxy;
        proxy.setRecursiveFilteringEnabled(true);
        proxy.setFilterCaseSensitivity(Qt::CaseInsensitive);
        proxy.setSourceModel(&model);
        proxy.setFilterFixedString(QStringLiteral("TRIAGE"));
        QCOMPARE(proxy.rowCount(), 1);
        const QModelIndex prompts = proxy.index(0, 0);
        QCOMPARE(proxy.rowCount(prompts), 1);
        QCOMPARE(proxy.index(0, 0, prompts).data().toString(),
                 QStringLiteral("support-ticket-triage"));
    }
};

QTEST_MAIN(TestProjectTreeModel)
#include "test_project_tree_model.moc"
