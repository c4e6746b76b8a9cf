#include "resolvers.h"

#include "store/prompt_repository.h"

namespace trellis::workflow {

Result<ResolvedPrompt> StorePromptResolver::resolvePrompt(const QString &name, const QString &ref) {
    store::PromptRepository repo(m_db, m_projectId);
    auto version = repo.resolve(name, ref);
    if (!version)
        return version.error();
    return ResolvedPrompt{version->spec, version->id};
}

} // namespace trellis::workflow
