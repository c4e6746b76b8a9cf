#pragma once

#include "store/workflow_store_types.h"

#include <QWidget>

namespace trellis::ui {

// A read-only tab for one workflow version: its nodes (id, type, ports) and edges, and the
// stored graph as indented JSON. Editing workflows is not part of the workbench yet.
class WorkflowView : public QWidget {
    Q_OBJECT
public:
    explicit WorkflowView(const store::WorkflowVersion &version, QWidget *parent = nullptr);
};

} // namespace trellis::ui
