#include "key_store.h"

#include "redaction.h"

#include <QEventLoop>
#include <qt6keychain/keychain.h>

namespace trellis::providers {

Status MemoryKeyStore::writeKey(const QString &providerId, const QString &key) {
    Redactor::registerSecret(key);
    m_keys.insert(providerId, key);
    return {};
}

Status MemoryKeyStore::deleteKey(const QString &providerId) {
    m_keys.remove(providerId);
    return {};
}

namespace {

// Runs a QtKeychain job to completion.
void runJob(QKeychain::Job &job) {
    job.setAutoDelete(false);
    QEventLoop loop;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, &QEventLoop::quit);
    job.start();
    loop.exec();
}

Error keychainError(const QKeychain::Job &job, const QString &what) {
    return Error(
        QStringLiteral("keychain: cannot %1: %2").arg(what, Redactor::text(job.errorString())));
}

} // namespace

QtKeychainStore::QtKeychainStore(QString service)
    : m_service(std::move(service)) {}

Result<QString> QtKeychainStore::readKey(const QString &providerId) {
    QKeychain::ReadPasswordJob job(m_service);
    job.setKey(providerId);
    runJob(job);
    if (job.error() == QKeychain::EntryNotFound)
        return QString();
    if (job.error() != QKeychain::NoError)
        return keychainError(job, QStringLiteral("read the %1 key").arg(providerId));
    Redactor::registerSecret(job.textData());
    return job.textData();
}

Status QtKeychainStore::writeKey(const QString &providerId, const QString &key) {
    QKeychain::WritePasswordJob job(m_service);
    job.setKey(providerId);
    job.setTextData(key);
    runJob(job);
    if (job.error() != QKeychain::NoError)
        return keychainError(job, QStringLiteral("store the %1 key").arg(providerId));
    Redactor::registerSecret(key);
    return {};
}

Status QtKeychainStore::deleteKey(const QString &providerId) {
    QKeychain::DeletePasswordJob job(m_service);
    job.setKey(providerId);
    runJob(job);
    if (job.error() != QKeychain::NoError && job.error() != QKeychain::EntryNotFound)
        return keychainError(job, QStringLiteral("delete the %1 key").arg(providerId));
    return {};
}

} // namespace trellis::providers
