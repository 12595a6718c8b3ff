// The furniture-store workshop of METHOD.md, in French and English: two current journeys that share
// the pick-up moment. In store, pick-up at the warehouse desk goes fine; online, the website promises
// pick-up in 5 minutes but it really takes an hour, so the same moment is rated lower. Then the target
// journey started from the online one: the order prepared before the customer arrives, evaluated again.
import type { Language, ObservationKind, Phase } from '../core/vocabulary.js';

export interface DemoPerson {
  userId: string;
  name: string;
  /** Index into `departments`; the facilitator has none. */
  department: number | null;
}

export interface DemoStage {
  label: string;
  phase: Phase;
  /** Channel index → what happens there. */
  touchpoints: [number, string][];
  /** Emotion scores, one per participant in `people` order (null: did not rate). */
  emotions: (number | null)[];
  observations: { kind: ObservationKind; text: string; channel?: number; momentOfTruth?: boolean; votes: number[] }[];
  keyMoment?: boolean;
}

export interface DemoJourney {
  title: string;
  basis: 'data' | 'staff';
  stages: DemoStage[];
  channels: string[];
  /** Solutions: text, which observations (stage index, observation index) they address, owning department, [impact, effort] per rater, voters. */
  solutions: { text: string; addresses: [number, number][]; department: number; ratings: [number, number][]; votes: number[] }[];
  /** Cells (stage index, channel index) the facilitator marks "not used on this channel": no missing touchpoint there. */
  unused: [number, number][];
}

/**
 * The target journey, started from the second journey once it closed: its stages and touchpoints are copied,
 * one stage is added (worded as a process, which Parcours flags), touchpoints are added, and the team evaluates
 * it again — naming once more the irritant the target does not fix. It is left at the evaluation step.
 */
export interface DemoTarget {
  title: string;
  added: { label: string; phase: Phase; position: number };
  /** Stage index in the target (after the addition), channel name, description. */
  touchpoints: [number, string, string][];
  /** Per stage of the target: emotion scores per person, and what is named there. */
  stages: { emotions: (number | null)[]; observations: { kind: ObservationKind; text: string }[] }[];
}

export interface DemoScript {
  departments: { name: string; head: string }[];
  people: DemoPerson[];
  persona: { name: string; segment: string; context: string; needs: string; channelHabits: string; expertise: string; quote: string };
  goal: string;
  keyMoment: string;
  journeys: [DemoJourney, DemoJourney];
  target: DemoTarget;
}

const PEOPLE: DemoPerson[] = [
  { userId: 'demo-fatou', name: 'Fatou Diallo', department: null },
  { userId: 'demo-marc', name: 'Marc Lefèvre', department: 0 },
  { userId: 'demo-ines', name: 'Inès Moreau', department: 1 },
  { userId: 'demo-paul', name: 'Paul Garnier', department: 2 },
  { userId: 'demo-lea', name: 'Léa Rousseau', department: 3 },
  { userId: 'demo-hugo', name: 'Hugo Bernard', department: 4 },
];

const FR: DemoScript = {
  departments: [
    { name: 'Magasins', head: 'demo-head-stores' },
    { name: 'Digital', head: 'demo-head-digital' },
    { name: 'Logistique', head: 'demo-head-logistics' },
    { name: 'Service client', head: 'demo-head-care' },
    { name: 'Marketing', head: 'demo-head-marketing' },
  ],
  people: PEOPLE,
  persona: {
    name: 'Claire, 34 ans',
    segment: 'Jeune couple qui s’installe',
    context: 'Vient d’emménager, peu de temps en semaine, une petite voiture',
    needs: 'Meubler vite, sans mauvaise surprise, repartir avec ses meubles le jour même',
    channelHabits: 'Compare sur le site et l’appli, vient en magasin le samedi',
    expertise: 'Novice en montage de meubles',
    quote: 'Je veux savoir quand mes meubles seront prêts, pas attendre au comptoir.',
  },
  goal: 'Choisir, payer et récupérer ses meubles sans attente inutile',
  keyMoment: 'Retrait des meubles',
  journeys: [
    {
      title: 'Ameublement — achat en magasin',
      basis: 'data',
      channels: ['Magasin', 'Vendeur', 'Caisse', 'Comptoir retrait'],
      stages: [
        {
          label: 'Je choisis mes meubles en magasin', phase: 'before',
          touchpoints: [[0, 'Parcours d’exposition, étiquettes'], [1, 'Conseils et disponibilité']],
          emotions: [1, 2, 1, 1, 2, 1],
          observations: [
            { kind: 'enchantment', text: 'Le vendeur vérifie le stock en direct sur sa tablette', channel: 1, votes: [1, 2, 4] },
            { kind: 'irritant', text: 'Étiquettes sans référence de retrait', channel: 0, votes: [3] },
          ],
        },
        {
          label: 'Je paie en caisse', phase: 'purchase',
          touchpoints: [[2, 'Paiement et bon de retrait']],
          emotions: [0, 0, 1, -1, 0, 0],
          observations: [
            { kind: 'irritant', text: 'File d’attente en caisse le samedi', channel: 2, votes: [0, 5] },
          ],
        },
        {
          label: 'Je récupère mes meubles au comptoir retrait', phase: 'after', keyMoment: true,
          touchpoints: [[3, 'Remise des colis']],
          emotions: [0, 1, 0, -1, 0, 1],
          observations: [
            { kind: 'irritant', text: 'Vingt minutes d’attente au comptoir retrait', channel: 3, momentOfTruth: true, votes: [1, 3, 4] },
            { kind: 'enchantment', text: 'Aide au chargement dans la voiture', channel: 3, votes: [2] },
          ],
        },
      ],
      solutions: [
        { text: 'Préparer la commande dès le passage en caisse', addresses: [[2, 0]], department: 2, ratings: [[4, 3], [5, 3], [4, 2]], votes: [1, 3, 4, 5] },
        { text: 'Ouvrir une caisse rapide le samedi', addresses: [[1, 0]], department: 0, ratings: [[3, 2], [3, 1]], votes: [0, 2] },
        { text: 'Imprimer la référence de retrait sur les étiquettes', addresses: [[0, 1]], department: 4, ratings: [[2, 1], [3, 1]], votes: [3] },
      ],
      unused: [[0, 2], [0, 3], [1, 3], [2, 2]],
    },
    {
      title: 'Ameublement — achat en ligne, retrait en magasin',
      basis: 'staff',
      channels: ['Site web', 'Appli mobile', 'E-mail', 'Comptoir retrait', 'Centre d’appels'],
      stages: [
        {
          label: 'Je choisis mes meubles sur le site', phase: 'before',
          touchpoints: [[0, 'Fiches produit, disponibilité'], [1, 'Favoris']],
          emotions: [1, 1, 2, 1, 1, 2],
          observations: [
            { kind: 'enchantment', text: 'Visualisation 3D des meubles dans ma pièce', channel: 1, votes: [2, 4] },
            { kind: 'irritant', text: 'Le stock du magasin n’est pas fiable en ligne', channel: 0, votes: [1, 3] },
          ],
        },
        {
          label: 'Je paie en ligne', phase: 'purchase',
          touchpoints: [[0, 'Paiement'], [2, 'Confirmation « prêt en 5 minutes »']],
          emotions: [1, 1, 1, 0, 1, 1],
          observations: [
            { kind: 'rupture', text: 'Le site promet un retrait en 5 minutes', channel: 2, momentOfTruth: true, votes: [0, 1, 5] },
          ],
        },
        {
          label: 'Je retire mes meubles en magasin', phase: 'after', keyMoment: true,
          touchpoints: [[3, 'Retrait des colis'], [4, 'Appel pour savoir où en est la commande']],
          emotions: [-2, -1, -2, -2, -1, -2],
          observations: [
            { kind: 'irritant', text: 'Une heure d’attente au retrait au lieu de 5 minutes', channel: 3, momentOfTruth: true, votes: [0, 1, 2, 3, 4, 5] },
            { kind: 'rupture', text: 'Personne au comptoir ne voit la commande web', channel: 3, votes: [2, 3] },
            { kind: 'irritant', text: 'Le centre d’appels ne sait pas où en est la préparation', channel: 4, votes: [4] },
          ],
        },
      ],
      solutions: [
        { text: 'Annoncer un délai de retrait réel, calculé sur la préparation', addresses: [[1, 0], [2, 0]], department: 1, ratings: [[5, 2], [5, 3], [4, 2]], votes: [0, 1, 2, 4] },
        { text: 'SMS « commande prête » avec un créneau de retrait', addresses: [[2, 0]], department: 2, ratings: [[4, 3], [5, 3]], votes: [3, 5] },
        { text: 'Afficher les commandes web sur l’écran du comptoir', addresses: [[2, 1]], department: 0, ratings: [[4, 2], [3, 2]], votes: [2] },
        { text: 'Donner au centre d’appels le suivi de préparation', addresses: [[2, 2]], department: 3, ratings: [[3, 2], [3, 3]], votes: [5] },
      ],
      unused: [[0, 3], [0, 4], [1, 3]],
    },
  ],
  target: {
    title: 'Ameublement — achat en ligne, retrait en magasin (cible)',
    added: { label: 'Préparation de la commande avant l’arrivée', phase: 'after', position: 2 },
    touchpoints: [
      [1, 'Appli mobile', 'Choix du créneau de retrait'],
      [2, 'Appli mobile', 'Notification « commande prête, quai 3 »'],
      [2, 'E-mail', 'Récapitulatif avec le numéro de quai'],
      [3, 'Appli mobile', 'QR code à présenter au quai'],
      [3, 'Site web', ''],
    ],
    stages: [
      { emotions: [1, 1, 2, 1, 1, 2], observations: [{ kind: 'irritant', text: 'Le stock du magasin n’est pas fiable en ligne' }, { kind: 'enchantment', text: 'Visualisation 3D des meubles dans ma pièce' }] },
      { emotions: [1, 2, 1, 1, 2, 1], observations: [{ kind: 'enchantment', text: 'Je choisis mon créneau de retrait en payant' }] },
      { emotions: [0, 1, 1, 0, 1, 1], observations: [{ kind: 'irritant', text: 'La notification arrive parfois quand je suis déjà sur le parking' }] },
      { emotions: [1, 1, 2, 1, 0, 1], observations: [{ kind: 'irritant', text: 'Le parking du retrait est trop petit le samedi' }, { kind: 'enchantment', text: 'Mes meubles m’attendent au quai annoncé' }] },
    ],
  },
};

const EN: DemoScript = {
  departments: [
    { name: 'Stores', head: 'demo-head-stores' },
    { name: 'Digital', head: 'demo-head-digital' },
    { name: 'Logistics', head: 'demo-head-logistics' },
    { name: 'Customer care', head: 'demo-head-care' },
    { name: 'Marketing', head: 'demo-head-marketing' },
  ],
  people: PEOPLE,
  persona: {
    name: 'Claire, 34',
    segment: 'Young couple settling in',
    context: 'Just moved in, little time on weekdays, a small car',
    needs: 'Furnish quickly, no bad surprises, leave with the furniture the same day',
    channelHabits: 'Compares on the website and app, visits the store on Saturdays',
    expertise: 'New to assembling furniture',
    quote: 'I want to know when my furniture is ready, not wait at the desk.',
  },
  goal: 'Choose, pay for and pick up furniture without needless waiting',
  keyMoment: 'Furniture pick-up',
  journeys: [
    {
      title: 'Furniture — buying in store',
      basis: 'data',
      channels: ['Store', 'Salesperson', 'Till', 'Pick-up desk'],
      stages: [
        {
          label: 'I choose my furniture in the store', phase: 'before',
          touchpoints: [[0, 'Showroom, price tags'], [1, 'Advice and availability']],
          emotions: [1, 2, 1, 1, 2, 1],
          observations: [
            { kind: 'enchantment', text: 'The salesperson checks stock live on a tablet', channel: 1, votes: [1, 2, 4] },
            { kind: 'irritant', text: 'Price tags lack the pick-up reference', channel: 0, votes: [3] },
          ],
        },
        {
          label: 'I pay at the till', phase: 'purchase',
          touchpoints: [[2, 'Payment and pick-up slip']],
          emotions: [0, 0, 1, -1, 0, 0],
          observations: [
            { kind: 'irritant', text: 'Queue at the tills on Saturdays', channel: 2, votes: [0, 5] },
          ],
        },
        {
          label: 'I pick up my furniture at the warehouse desk', phase: 'after', keyMoment: true,
          touchpoints: [[3, 'Parcels handed over']],
          emotions: [0, 1, 0, -1, 0, 1],
          observations: [
            { kind: 'irritant', text: 'Twenty minutes of waiting at the pick-up desk', channel: 3, momentOfTruth: true, votes: [1, 3, 4] },
            { kind: 'enchantment', text: 'Help loading the car', channel: 3, votes: [2] },
          ],
        },
      ],
      solutions: [
        { text: 'Start preparing the order as soon as it is paid', addresses: [[2, 0]], department: 2, ratings: [[4, 3], [5, 3], [4, 2]], votes: [1, 3, 4, 5] },
        { text: 'Open an express till on Saturdays', addresses: [[1, 0]], department: 0, ratings: [[3, 2], [3, 1]], votes: [0, 2] },
        { text: 'Print the pick-up reference on price tags', addresses: [[0, 1]], department: 4, ratings: [[2, 1], [3, 1]], votes: [3] },
      ],
      unused: [[0, 2], [0, 3], [1, 3], [2, 2]],
    },
    {
      title: 'Furniture — buying online, picking up in store',
      basis: 'staff',
      channels: ['Website', 'Mobile app', 'Email', 'Pick-up desk', 'Call centre'],
      stages: [
        {
          label: 'I choose my furniture on the website', phase: 'before',
          touchpoints: [[0, 'Product pages, availability'], [1, 'Favourites']],
          emotions: [1, 1, 2, 1, 1, 2],
          observations: [
            { kind: 'enchantment', text: '3D view of the furniture in my room', channel: 1, votes: [2, 4] },
            { kind: 'irritant', text: 'Store stock shown online is unreliable', channel: 0, votes: [1, 3] },
          ],
        },
        {
          label: 'I pay online', phase: 'purchase',
          touchpoints: [[0, 'Payment'], [2, 'Confirmation “ready in 5 minutes”']],
          emotions: [1, 1, 1, 0, 1, 1],
          observations: [
            { kind: 'rupture', text: 'The website promises pick-up in 5 minutes', channel: 2, momentOfTruth: true, votes: [0, 1, 5] },
          ],
        },
        {
          label: 'I pick up my furniture in store', phase: 'after', keyMoment: true,
          touchpoints: [[3, 'Parcels handed over'], [4, 'Call to ask where the order is']],
          emotions: [-2, -1, -2, -2, -1, -2],
          observations: [
            { kind: 'irritant', text: 'An hour of waiting instead of 5 minutes', channel: 3, momentOfTruth: true, votes: [0, 1, 2, 3, 4, 5] },
            { kind: 'rupture', text: 'Nobody at the desk can see the web order', channel: 3, votes: [2, 3] },
            { kind: 'irritant', text: 'The call centre cannot tell how far the preparation is', channel: 4, votes: [4] },
          ],
        },
      ],
      solutions: [
        { text: 'Announce a real pick-up time, computed from preparation', addresses: [[1, 0], [2, 0]], department: 1, ratings: [[5, 2], [5, 3], [4, 2]], votes: [0, 1, 2, 4] },
        { text: '“Order ready” text message with a pick-up slot', addresses: [[2, 0]], department: 2, ratings: [[4, 3], [5, 3]], votes: [3, 5] },
        { text: 'Show web orders on the pick-up desk screen', addresses: [[2, 1]], department: 0, ratings: [[4, 2], [3, 2]], votes: [2] },
        { text: 'Give the call centre the preparation tracking', addresses: [[2, 2]], department: 3, ratings: [[3, 2], [3, 3]], votes: [5] },
      ],
      unused: [[0, 3], [0, 4], [1, 3]],
    },
  ],
  target: {
    title: 'Furniture — buying online, picking up in store (target)',
    added: { label: 'Order preparation before arrival', phase: 'after', position: 2 },
    touchpoints: [
      [1, 'Mobile app', 'Pick-up slot chosen'],
      [2, 'Mobile app', '“Order ready, bay 3” notification'],
      [2, 'Email', 'Summary with the bay number'],
      [3, 'Mobile app', 'QR code shown at the bay'],
      [3, 'Website', ''],
    ],
    stages: [
      { emotions: [1, 1, 2, 1, 1, 2], observations: [{ kind: 'irritant', text: 'Store stock shown online is unreliable' }, { kind: 'enchantment', text: '3D view of the furniture in my room' }] },
      { emotions: [1, 2, 1, 1, 2, 1], observations: [{ kind: 'enchantment', text: 'I pick my pick-up slot as I pay' }] },
      { emotions: [0, 1, 1, 0, 1, 1], observations: [{ kind: 'irritant', text: 'The notification sometimes comes when I am already in the car park' }] },
      { emotions: [1, 1, 2, 1, 0, 1], observations: [{ kind: 'irritant', text: 'The pick-up car park is too small on Saturdays' }, { kind: 'enchantment', text: 'My furniture waits for me at the announced bay' }] },
    ],
  },
};

export const FURNITURE_STORE: Record<Language, DemoScript> = { fr: FR, en: EN };
