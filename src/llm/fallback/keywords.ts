// The words the keyword classifier looks for, per language and per kind of contribution (the method's kinds:
// touchpoint, irritant, enchantment, break — `rupture` in the code). Written as people write them; they are
// tokenised and stemmed like the messages, so "waiting" finds "wait" and « annulée » finds « annuler ».
// A phrase matches as consecutive words ("gave up", « laissé tomber »); a longer phrase is tried first and
// uses its words up, so « trop bien » counts as an enchantment and not as the irritant « trop ».
import type { ContributionKind } from '../../conversation/assistant.js';
import type { Language } from '../../core/vocabulary.js';

export const KEYWORDS: Record<Language, Record<ContributionKind, readonly string[]>> = {
  en: {
    // Explicit giving up: the customer left the journey.
    rupture: [
      'gave up', 'give up', 'giving up', 'abandon', 'abandoned', 'cancel', 'cancelled', 'went elsewhere', 'bought elsewhere',
      'competitor', 'quit', 'dropped out', 'walked out', 'left the store', 'left the shop', 'left the site',
    ],
    irritant: [
      'too long', 'too slow', 'too expensive', 'too many', 'too much', 'too complicated', 'took ages', 'wait', 'waiting',
      'queue', "can't", 'cannot', "couldn't", "doesn't work", "didn't work", 'impossible', 'never', 'annoying', 'annoyed',
      'frustrating', 'frustrated', 'slow', 'confusing', 'complicated', 'difficult', 'hard to', 'broken', 'bug', 'error',
      'crash', 'crashed', 'lost', 'late', 'delay', 'expensive', 'rude', 'unhelpful', 'painful', 'problem', 'hate',
      'unclear', 'no answer', 'no reply', 'hassle', 'awful', 'terrible', 'bad', 'poor', 'missing',
    ],
    enchantment: [
      'great', 'super', 'fast', 'quick', 'quickly', 'easy', 'loved', 'love', 'amazing', 'excellent', 'perfect', 'wonderful',
      'friendly', 'helpful', 'pleasant', 'smooth', 'simple', 'clear', 'nice', 'delighted', 'happy', 'wow', 'fantastic',
      'brilliant', 'awesome', 'good', 'surprised', 'impressed',
    ],
    // Channels (docs/glossary.md's list and what people call them), without the words that mean something else
    // as often ("till" for "until", "account", « avis » for an opinion, « compte »).
    touchpoint: [
      'website', 'site', 'web page', 'app', 'mobile app', 'phone', 'call', 'call centre', 'call center', 'hotline', 'store',
      'shop', 'branch', 'email', 'e-mail', 'mail', 'chat', 'sms', 'text message', 'catalogue', 'catalog', 'letter',
      'customer reviews', 'advert', 'social networks', 'social media', 'kiosk', 'salesperson', 'online account',
      'newsletter', 'checkout',
    ],
  },
  fr: {
    rupture: [
      'abandon', 'abandonné', 'abandonner', 'laissé tomber', 'laisser tomber', 'laisse tomber', 'annulé', 'annuler',
      'annulation', 'renoncé', 'renoncer', 'concurrent', 'concurrence', 'acheté ailleurs', 'allé ailleurs', 'résilié',
      'résilier', 'quitté le magasin', 'quitté le site',
    ],
    irritant: [
      'trop', 'trop long', 'attendre', 'attente', 'impossible', 'jamais', 'pénible', 'compliqué', 'difficile', 'lent',
      'lente', 'lenteur', 'problème', 'bug', 'bogue', 'erreur', 'plante', 'planté', 'perdu', 'retard', 'cher', 'énervant',
      'agaçant', 'frustrant', 'galère', 'horrible', 'nul', 'mauvais', 'désagréable', 'incompréhensible', 'pas clair',
      'ne marche pas', 'ne fonctionne pas', "n'arrive pas", 'aucune réponse', 'pas de réponse', 'manque',
    ],
    enchantment: [
      'super', 'rapide', 'rapidement', 'génial', 'parfait', 'facile', 'simple', 'clair', 'agréable', 'aimable', 'sympa',
      'top', 'excellent', 'adoré', 'adore', 'ravi', 'ravie', 'content', 'contente', 'efficace', 'pratique', 'bravo',
      'waouh', 'trop bien', 'très bien', 'surpris', 'impressionné',
    ],
    touchpoint: [
      'site', 'site web', 'internet', 'application', 'appli', 'app', 'application mobile', 'téléphone', 'appel',
      "centre d'appels", 'magasin', 'boutique', 'agence', 'vendeur', 'vendeuse', 'conseiller', 'conseillère', 'borne',
      'e-mail', 'email', 'mail', 'courriel', 'chat', 'sms', 'catalogue', 'courrier', 'avis clients', 'publicité', 'pub',
      'réseaux sociaux', 'espace client', 'newsletter', 'caisse',
    ],
  },
};
