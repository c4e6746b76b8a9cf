// The project tree's workflows, datasets and experiments and their read-only tabs.
#include "eval/dataset_repository.h"
#include "eval/experiment_repository.h"
#include "items/dataset_view.h"
#include "items/experiment_view.h"
#include "items/item_header.h"
#include "items/workflow_view.h"
#include "main_window.h"
#include "store/workflow_repository.h"

#include <QStatusBar>
#include <QTabWidget>

namespace trellis::ui {

namespace {
// Rows a dataset tab loads; larger datasets show their first rows and say so.
constexpr int kDatasetRowLimit = 5000;

QString itemKey(ProjectTreeModel::Kind kind, const QString &name, qint64 id) {
    return QStringLiteral("%1/%2/%3").arg(int(kind)).arg(id).arg(name);
}
} // namespace

void MainWindow::reloadItems() {
    const qint64 projectId = m_workspace->project.id;
    if (auto workflows = store::WorkflowRepository(m_workspace->db, projectId).list())
        m_treeModel->setWorkflows(*workflows);
    else
        showError(tr("Could not read the workflows"), workflows.error());
    if (auto datasets = eval::DatasetRepository(m_workspace->db, projectId).list())
        m_treeModel->setDatasets(*datasets);
    else
        showError(tr("Could not read the datasets"), datasets.error());
    if (auto experiments = eval::ExperimentRepository(m_workspace->db, projectId).list())
        m_treeModel->setExperiments(*experiments);
    else
        showError(tr("Could not read the experiments"), experiments.error());
}

bool MainWindow::openItem(ProjectTreeModel::Kind kind, const QString &name, qint64 id) {
    const QString key = itemKey(kind, name, id);
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (m_tabs->widget(i)->property(kItemKeyProperty).toString() == key) {
            m_tabs->setCurrentIndex(i);
            return true;
        }
    }
    QWidget *view = makeItemView(kind, name, id);
    if (!view)
        return false;
    view->setProperty(kItemKeyProperty, key);
    m_tabs->setCurrentIndex(m_tabs->addTab(view, name));
    updateCentre();
    return true;
}

QWidget *MainWindow::makeItemView(ProjectTreeModel::Kind kind, const QString &name, qint64 id) {
    const qint64 projectId = m_workspace->project.id;
    auto refuse = [this](const QString &message) -> QWidget * {
        statusBar()->showMessage(message, 8000);
        return nullptr;
    };
    switch (kind) {
    case ProjectTreeModel::Kind::Workflow: {
        auto head = store::WorkflowRepository(m_workspace->db, projectId).resolve(name);
        if (!head)
            return refuse(head.error().toString());
        return new WorkflowView(*head, m_tabs);
    }
    case ProjectTreeModel::Kind::Dataset: {
        eval::DatasetRepository datasets(m_workspace->db, projectId);
        auto info = datasets.find(name);
        if (!info)
            return refuse(info.error().toString());
        if (!*info)
            return refuse(tr("No dataset named '%1' in this project.").arg(name));
        auto columns = datasets.columns((*info)->id);
        auto rows = datasets.rows((*info)->id, (*info)->hash, 0, kDatasetRowLimit);
        if (!columns || !rows)
            return refuse((columns ? rows.error() : columns.error()).toString());
        return new DatasetView(**info, std::move(*columns), std::move(*rows), m_tabs);
    }
    case ProjectTreeModel::Kind::Experiment: {
        eval::ExperimentRepository experiments(m_workspace->db, projectId);
        auto all = experiments.list();
        if (!all)
            return refuse(all.error().toString());
        // list() is newest first within a name, so id 0 finds the newest.
        const auto found = std::find_if(all->begin(), all->end(), [&](const auto &e) {
            return e.name == name && (id == 0 || e.id == id);
        });
        if (found == all->end())
            return refuse(tr("No experiment named '%1' in this project.").arg(name));
        auto cells = experiments.cells(found->id);
        if (!cells)
            return refuse(cells.error().toString());
        return new ExperimentView(*found, *cells, m_tabs);
    }
    default:
        return nullptr;
    }
}

} // namespace trellis::ui
