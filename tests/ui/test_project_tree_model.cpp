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

trellis::store::WorkflowSummary workflow(const QString &name, int head) {
    trellis::store::WorkflowSummary w;
    w.id = head;
    w.name = name;
    w.headNumber = head;
    return w;
}

trellis::eval::DatasetInfo dataset(const QString &name, qint64 rows) {
    trellis::eval::DatasetInfo d;
    d.id = rows;
    d.name = name;
    d.rowCount = rows;
    return d;
}

trellis::eval::ExperimentRecord experiment(qint64 id, const QString &name, const QString &status) {
    trellis::eval::ExperimentRecord e;
    e.id = id;
    e.name = name;
    e.status = status;
    return e;
}

// One of each kind, so the filter has something to find in every category.
void fillAllKinds(ProjectTreeModel &model) {
    model.setPrompts({summary(QStringLiteral("support-ticket-triage"), 3),
                      summary(QStringLiteral("summarizer"), 2)});
    model.setWorkflows({workflow(QStringLiteral("triage-pipeline"), 2)});
    model.setDatasets({dataset(QStringLiteral("tickets"), 40)});
    model.setExperiments({experiment(7, QStringLiteral("triage-eval"), QStringLiteral("done")),
                          experiment(3, QStringLiteral("triage-eval"), QStringLiteral("failed"))});
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

    void passesTheModelTesterWithAllKinds() {
        ProjectTreeModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        fillAllKinds(model);
        model.setDatasets({});
        model.setExperiments({});
        fillAllKinds(model);

        QSortFilterProxyModel proxy;
        proxy.setRecursiveFilteringEnabled(true);
        proxy.setFilterRole(ProjectTreeModel::FilterRole);
        proxy.setSourceModel(&model);
        QAbstractItemModelTester proxyTester(
            &proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.setFilterFixedString(QStringLiteral("triage"));
        model.setWorkflows({});
        proxy.setFilterFixedString(QString());
    }

    void everyKindShowsNameAndDetail() {
        ProjectTreeModel model;
        fillAllKinds(model);
        model.setPrompts({summary(QStringLiteral("triage"), 3, {QStringLiteral("production")})});
        auto child = [&](int category, int row, int column = 0) {
            return model.index(row, column, model.index(category, 0));
        };
        QCOMPARE(model.columnCount(), int(ProjectTreeModel::ColumnCount));
        QCOMPARE(child(ProjectTreeModel::Prompts, 0, 1).data().toString(), QStringLiteral("@3 ★"));
        QVERIFY(child(ProjectTreeModel::Prompts, 0)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("labels: production")));
        QCOMPARE(child(ProjectTreeModel::Workflows, 0).data().toString(),
                 QStringLiteral("triage-pipeline"));
        QCOMPARE(child(ProjectTreeModel::Workflows, 0, 1).data().toString(), QStringLiteral("@2"));
        QCOMPARE(child(ProjectTreeModel::Workflows, 0).data(ProjectTreeModel::KindRole).toInt(),
                 int(ProjectTreeModel::Kind::Workflow));
        QCOMPARE(child(ProjectTreeModel::Datasets, 0, 1).data().toString(),
                 QStringLiteral("40 rows"));
        QCOMPARE(child(ProjectTreeModel::Datasets, 0).data(ProjectTreeModel::KindRole).toInt(),
                 int(ProjectTreeModel::Kind::Dataset));
        QCOMPARE(model.rowCount(model.index(ProjectTreeModel::Experiments, 0)), 2);
        QCOMPARE(child(ProjectTreeModel::Experiments, 1, 1).data().toString(),
                 QStringLiteral("failed"));
        QCOMPARE(
            child(ProjectTreeModel::Experiments, 1).data(ProjectTreeModel::IdRole).toLongLong(), 3);
        QCOMPARE(model.index(ProjectTreeModel::Experiments, 1).data().toString(),
                 QStringLiteral("2"));
        QCOMPARE(model.indexOf(ProjectTreeModel::Kind::Dataset, QStringLiteral("tickets")),
                 child(ProjectTreeModel::Datasets, 0));
    }

    void emptyCategoriesHoldAHint() {
        ProjectTreeModel model;
        model.setPrompts({summary(QStringLiteral("a"), 1)});
        for (int category : {ProjectTreeModel::Workflows, ProjectTreeModel::Datasets,
                             ProjectTreeModel::Experiments}) {
            const QModelIndex parent = model.index(category, 0);
            QCOMPARE(model.rowCount(parent), 2);
            for (int line = 0; line < 2; ++line) {
                const QModelIndex hint = model.index(line, 0, parent);
                QCOMPARE(hint.data(ProjectTreeModel::KindRole).toInt(),
                         int(ProjectTreeModel::Kind::Hint));
                QCOMPARE(hint.data().toString(),
                         ProjectTreeModel::emptyHint(category).split(u'\n').at(line));
                QVERIFY(!(hint.flags() & Qt::ItemIsSelectable));
                QVERIFY(hint.data(ProjectTreeModel::FilterRole).toString().isEmpty());
            }
            QVERIFY(model.index(1, 0, parent)
                        .data()
                        .toString()
                        .startsWith(QStringLiteral("trellis-cli ")));
        }
        QVERIFY(model.index(0, 0, model.index(ProjectTreeModel::Workflows, 0))
                    .data()
                    .toString()
                    .startsWith(QStringLiteral("No workflows yet")));
    }

    void filterMatchesEveryKindButNotHints_data() {
        QTest::addColumn<QString>("filter");
        QTest::addColumn<QList<int>>(
            "rowsPerCategory"); // prompts, workflows, datasets, experiments
        QTest::newRow("name in three kinds") << QStringLiteral("TRIAGE") << QList<int>{1, 1, 0, 2};
        QTest::newRow("dataset") << QStringLiteral("tick") << QList<int>{1, 0, 1, 0};
        QTest::newRow("detail: status") << QStringLiteral("failed") << QList<int>{0, 0, 0, 1};
        QTest::newRow("detail: row count") << QStringLiteral("40 rows") << QList<int>{0, 0, 1, 0};
        QTest::newRow("nothing") << QStringLiteral("zzz") << QList<int>{0, 0, 0, 0};
    }

    void filterMatchesEveryKindButNotHints() {
        QFETCH(QString, filter);
        QFETCH(QList<int>, rowsPerCategory);
        ProjectTreeModel model;
        fillAllKinds(model);
        QSortFilterProxyModel proxy;
        proxy.setRecursiveFilteringEnabled(true);
        proxy.setFilterCaseSensitivity(Qt::CaseInsensitive);
        proxy.setFilterRole(ProjectTreeModel::FilterRole);
        proxy.setSourceModel(&model);
        proxy.setFilterFixedString(filter);
        QList<int> found(ProjectTreeModel::CategoryCount, 0);
        for (int row = 0; row < proxy.rowCount(); ++row) {
            const QModelIndex category = proxy.mapToSource(proxy.index(row, 0));
            found[category.row()] = proxy.rowCount(proxy.index(row, 0));
        }
        QCOMPARE(found, rowsPerCategory);

        // An empty category's hint never matches a filter, even one of its own words.
        model.setWorkflows({});
        proxy.setFilterFixedString(QStringLiteral("workflows"));
        QCOMPARE(proxy.rowCount(), 0);
    }

    void categoriesAndPrompts() {
        ProjectTreeModel model;
        model.setPrompts({summary(QStringLiteral("triage"), 3, {QStringLiteral("production")}),
                          summary(QStringLiteral("summarizer"), 1)});
        QCOMPARE(model.rowCount(), int(ProjectTreeModel::CategoryCount));
        const QModelIndex prompts = model.index(ProjectTreeModel::Prompts, 0);
        QCOMPARE(prompts.data().toString(), QStringLiteral("Prompts"));
        QCOMPARE(model.rowCount(prompts), 2);
        QCOMPARE(model.rowCount(model.index(ProjectTreeModel::Workflows, 0)), 2); // the hint

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
        proxy.setFilterRole(ProjectTreeModel::FilterRole);
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
