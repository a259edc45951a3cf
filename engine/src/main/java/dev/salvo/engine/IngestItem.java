package dev.salvo.engine;

import dev.salvo.message.EmailAddress;
import java.util.List;

/** One accepted submission on its way from the injector's thread to the dispatch thread. */
record IngestItem(Envelope envelope, List<EmailAddress> recipients) {}
